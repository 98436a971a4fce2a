using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Testing.Stages;
using MyLab.Instrument.Stages;
using NSubstitute;

namespace MyLab.Instrument.Tests.Stages;

public sealed class ThresholdStageTests
{
    private static readonly FrameLayout Layout = new(PixelType.Float32, 2, 2, FrameGeometry.Default);

    private static async Task<ImageFrame> FrameAsync(IBufferPool pool, params float[] pixels)
    {
        var lease = await pool.RentAsync(Layout.ByteLength, TestContext.Current.CancellationToken);
        pixels.AsSpan().CopyTo(lease.AsSpan<float>());
        return new ImageFrame(0, Layout, lease);
    }

    private static float[] Pixels(ImageFrame frame) => frame.Pixels.AsSpan<float>().ToArray();

    [Fact]
    public async Task Replaces_pixels_below_the_threshold_in_place()
    {
        using var harness = new StageHarness();
        var frame = await FrameAsync(harness.Pool, 0.1f, 0.7f, 0.4f, 0.9f);

        var output = await harness.RunTransformAsync(new ThresholdStage(new ThresholdOptions { Threshold = 0.5, Floor = -1 }), [frame], TestContext.Current.CancellationToken);

        var result = Assert.Single(output);
        Assert.Equal([-1f, 0.7f, -1f, 0.9f], Pixels(result));
        result.Dispose();
    }

    [Fact]
    public async Task Leaves_a_shared_frame_unchanged_for_its_other_reader()
    {
        using var harness = new StageHarness();
        var frame = await FrameAsync(harness.Pool, 0.1f, 0.7f, 0.4f, 0.9f);
        using var other = (ImageFrame)frame.Share();

        var output = await harness.RunTransformAsync(new ThresholdStage(new ThresholdOptions { Threshold = 0.5 }), [frame], TestContext.Current.CancellationToken);

        using var result = Assert.Single(output);
        Assert.Equal([0.1f, 0.7f, 0.4f, 0.9f], Pixels(other));
        Assert.Equal([0f, 0.7f, 0f, 0.9f], Pixels(result));
    }

    [Fact]
    public async Task Stops_passing_frames_after_max_frames_and_reports_progress()
    {
        var progress = Substitute.For<IStageProgress>();
        var context = Substitute.For<IStageContext>();
        context.Progress.Returns(progress);
        var input = Channel.CreateUnbounded<ImageFrame>();
        for (var i = 0; i < 5; i++)
        {
            input.Writer.TryWrite(new ImageFrame(i, Layout, new BorrowedLease(new byte[Layout.ByteLength])));
        }

        input.Writer.Complete();
        var output = Channel.CreateUnbounded<ImageFrame>();

        await new ThresholdStage(new ThresholdOptions { MaxFrames = 2 }).RunAsync(context, input.Reader, output.Writer, TestContext.Current.CancellationToken);

        Assert.Equal(2, output.Reader.Count);
        progress.Received(2).Advance(1);
        _ = context.DidNotReceive().Pool;
    }
}
