using System.Runtime.InteropServices;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Dicos.Stages;
using Conduit.Testing.Stages;

namespace Conduit.Plugins.Dicos.Tests.Stages;

public sealed class ReadDicosStageTests
{
    [Fact]
    public async Task A_ct_written_by_dicos_write_ct_reads_back_as_the_same_frames_and_geometry()
    {
        using var harness = new StageHarness();
        var written = Enumerable.Range(0, 3).Select(z => Frame(harness, z)).ToList();
        var expected = written.Select(f => MemoryMarshal.Cast<byte, float>(f.Pixels.Span).ToArray()).ToList();
        await harness.RunSinkAsync(new WriteCtStage(new WriteCtOptions { Path = "ct.dcs" }), written, TestContext.Current.CancellationToken);
        harness.CommitOutputs();

        var frames = await harness.RunSourceAsync(new ReadDicosStage(new ReadDicosOptions { Path = "ct.dcs" }), TestContext.Current.CancellationToken);
        try
        {
            Assert.Equal(3, frames.Count);
            for (var z = 0; z < 3; z++)
            {
                var layout = frames[z].Layout;
                Assert.Equal((PixelType.Float32, 6, 8), (layout.PixelType, layout.Width, layout.Height));
                Assert.Equal((-3.0, -4.0, z * 1.25), layout.Geometry.Origin);
                Assert.Equal((0.5, 0.75, 1.25), (layout.Geometry.SpacingX, layout.Geometry.SpacingY, layout.Geometry.SpacingZ));
                var values = MemoryMarshal.Cast<byte, float>(frames[z].Pixels.Span)[..48].ToArray();
                Assert.All(values.Zip(expected[z]), p => Assert.Equal(p.Second, p.First, 0.51e-4));
            }
        }
        finally
        {
            frames.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task A_jpeg_lossless_dx_reads_as_one_decoded_frame_of_stored_values_when_asked()
    {
        using var harness = new StageHarness();
        var path = Path.Combine(DicosTools.Shared, "SimplePresentationDX.dcs");
        var frames = await harness.RunSourceAsync(new ReadDicosStage(new ReadDicosOptions { Path = path, Rescale = false }), TestContext.Current.CancellationToken);
        var frame = Assert.Single(frames);
        Assert.Equal((PixelType.UInt16, 256, 128), (frame.Layout.PixelType, frame.Layout.Width, frame.Layout.Height));
        Assert.Equal(536854528L, MemoryMarshal.Cast<byte, ushort>(frame.Pixels.Span)[..(256 * 128)].ToArray().Sum(v => (long)v));
        frame.Dispose();
    }

    private static ImageFrame Frame(StageHarness harness, int z)
    {
        var geometry = new FrameGeometry(0.5, 0.75, 1.25, (-3, -4, z * 1.25), (1, 0, 0), (0, 1, 0));
        var layout = new FrameLayout(PixelType.Float32, 6, 8, geometry);
        harness.Pool.TryRent(layout.ByteLength, out var lease);
        var pixels = MemoryMarshal.Cast<byte, float>(lease!.Span);
        for (var i = 0; i < 48; i++)
        {
            pixels[i] = (i * 0.037f) + z - 0.5f;
        }

        return new ImageFrame(z, layout, lease);
    }
}
