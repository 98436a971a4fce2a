using System.Runtime.InteropServices;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;

namespace Conduit.Plugins.Example.Tests;

/// <summary>Frames for tests.</summary>
internal static class Frames
{
    public static FrameLayout Layout(int width, int height, PixelType type = PixelType.Float32) =>
        new(type, width, height, FrameGeometry.Default);

    public static async Task<ImageFrame> RentAsync(IBufferPool pool, long index, int width, int height, Func<int, float> value)
    {
        var layout = Layout(width, height);
        var lease = await pool.RentAsync(layout.ByteLength);
        var pixels = MemoryMarshal.Cast<byte, float>(lease.Span);
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = value(i);
        }

        return new ImageFrame(index, layout, lease);
    }

    public static float[] Pixels(ImageFrame frame) => MemoryMarshal.Cast<byte, float>(frame.Pixels.Span).ToArray();
}
