using Conduit.Abstractions.Messages;
using Conduit.Plugins.Example.Stages;
using Conduit.Testing.Stages;

namespace Conduit.Plugins.Example.Tests.Stages;

public sealed class ScaleFramesStageTests
{
    [Fact]
    public async Task Scales_in_place_when_it_owns_the_frame()
    {
        using var harness = new StageHarness();
        var frame = await Frames.RentAsync(harness.Pool, 0, 5, 3, i => i);
        var pixels = frame.Pixels;

        var result = await harness.RunTransformAsync(new ScaleFramesStage(new ScaleFramesOptions { Factor = 2, Offset = 1 }), [frame]);

        var scaled = Assert.Single(result);
        Assert.Same(pixels, scaled.Pixels);
        Assert.Equal(Enumerable.Range(0, 15).Select(i => (2f * i) + 1), Frames.Pixels(scaled));
        scaled.Dispose();
    }

    [Fact]
    public async Task Writes_into_a_new_lease_when_the_frame_is_shared_so_the_other_reader_sees_no_change()
    {
        using var harness = new StageHarness();
        var frame = await Frames.RentAsync(harness.Pool, 0, 4, 4, i => i);
        var other = (ImageFrame)frame.Share();

        var result = await harness.RunTransformAsync(new ScaleFramesStage(new ScaleFramesOptions { Factor = -1 }), [frame]);

        var scaled = Assert.Single(result);
        Assert.NotSame(other.Pixels, scaled.Pixels);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => -(float)i), Frames.Pixels(scaled));
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (float)i), Frames.Pixels(other));
        scaled.Dispose();
        other.Dispose();
    }

    [Fact]
    public async Task Refuses_frames_that_are_not_float32_and_leaks_nothing()
    {
        using var harness = new StageHarness();
        var layout = Frames.Layout(4, 4, PixelType.UInt16);
        var frame = new ImageFrame(7, layout, await harness.Pool.RentAsync(layout.ByteLength, TestContext.Current.CancellationToken));

        var error = await Assert.ThrowsAsync<ExampleDataException>(() => harness.RunTransformAsync(new ScaleFramesStage(new ScaleFramesOptions()), [frame]));

        Assert.Equal("example.scale works on float32 frames; frame 7 is UInt16", error.Message);
        Assert.Equal(0, harness.Pool.OutstandingLeases);
    }
}
