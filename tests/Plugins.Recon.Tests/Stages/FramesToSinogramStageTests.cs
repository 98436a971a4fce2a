using System.Runtime.InteropServices;
using Conduit.Abstractions.Errors;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Recon.Stages;
using Conduit.Testing.Stages;

namespace Conduit.Plugins.Recon.Tests.Stages;

public sealed class FramesToSinogramStageTests
{
    [Fact]
    public async Task Int16_frames_become_float_sinograms_with_the_frames_spacing_and_the_given_angles()
    {
        using var harness = new StageHarness();
        var layout = new FrameLayout(PixelType.Int16, 4, 3, FrameGeometry.Isotropic(0.5));
        harness.Pool.TryRent(layout.ByteLength, out var lease);
        short[] values = [1, 2, 3, 4, -5, 6, 7, 8, 9, 10, 11, -32768];
        MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(lease!.Span);

        var sinograms = await harness.RunTransformAsync(new FramesToSinogramStage(new FramesToSinogramOptions { Angles = [0, 60, 120] }), [new ImageFrame(7, layout, lease)], TestContext.Current.CancellationToken);

        var sinogram = Assert.Single(sinograms);
        Assert.Equal(7, sinogram.Index);
        Assert.Equal((3, 4, 0.5), (sinogram.Geometry.AngleCount, sinogram.Geometry.Detectors, sinogram.Geometry.DetectorSpacing));
        Assert.Equal(Math.PI / 3, sinogram.Geometry.Angles[1], 1e-12);
        Assert.Equal(values.Select(v => (float)v), MemoryMarshal.Cast<byte, float>(sinogram.Data.Span)[..12].ToArray());
        sinogram.Dispose();
    }

    [Fact]
    public async Task A_frame_of_another_size_in_the_stream_is_refused()
    {
        using var harness = new StageHarness();
        ImageFrame Frame(int index, int width)
        {
            var layout = new FrameLayout(PixelType.Float32, width, 3, FrameGeometry.Default);
            harness.Pool.TryRent(layout.ByteLength, out var lease);
            return new ImageFrame(index, layout, lease!);
        }

        var error = await Assert.ThrowsAsync<ConduitDataException>(() => harness.RunTransformAsync(new FramesToSinogramStage(new FramesToSinogramOptions()), [Frame(0, 4), Frame(1, 5)], TestContext.Current.CancellationToken));
        Assert.Equal("frame 1 is 5 × 3; the sinograms before it were 4 detectors × 3 angles", error.Message);
    }
}
