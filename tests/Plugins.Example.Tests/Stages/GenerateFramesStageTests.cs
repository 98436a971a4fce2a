using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Example.Stages;
using Conduit.Testing.Stages;
using NSubstitute;

namespace Conduit.Plugins.Example.Tests.Stages;

public sealed class GenerateFramesStageTests
{
    [Fact]
    public async Task Rents_each_frame_from_the_stage_pool_and_reports_progress()
    {
        var pool = Substitute.For<IBufferPool>();
        pool.RentAsync(Arg.Any<long>(), Arg.Any<CancellationToken>())
            .Returns(call => ValueTask.FromResult<IBufferLease>(new BorrowedLease(new byte[call.Arg<long>()])));
        var progress = Substitute.For<IStageProgress>();
        var context = Substitute.For<IStageContext>();
        context.Pool.Returns(pool);
        context.Progress.Returns(progress);
        var output = Channel.CreateUnbounded<ImageFrame>();
        var stage = new GenerateFramesStage(new GenerateFramesOptions { Width = 4, Height = 2, Count = 3 });

        await stage.RunAsync(context, output.Writer, TestContext.Current.CancellationToken);

        await pool.Received(3).RentAsync(4 * 2 * sizeof(float), Arg.Any<CancellationToken>());
        progress.Received(1).SetTotal(3, "frames");
        progress.Received(3).Advance(1);
        context.DidNotReceive().GetPool(Arg.Any<string>());
        Assert.Equal(3, output.Reader.Count);
    }

    [Fact]
    public async Task Uses_the_named_pool_when_the_options_name_one()
    {
        var named = Substitute.For<IBufferPool>();
        named.RentAsync(Arg.Any<long>(), Arg.Any<CancellationToken>())
            .Returns(call => ValueTask.FromResult<IBufferLease>(new BorrowedLease(new byte[call.Arg<long>()])));
        var context = Substitute.For<IStageContext>();
        context.GetPool("slices").Returns(named);
        context.Progress.Returns(Substitute.For<IStageProgress>());
        var stage = new GenerateFramesStage(new GenerateFramesOptions { Width = 2, Height = 2, Count = 2, Pool = "slices" });

        await stage.RunAsync(context, Channel.CreateUnbounded<ImageFrame>().Writer, TestContext.Current.CancellationToken);

        await named.Received(2).RentAsync(16, Arg.Any<CancellationToken>());
        _ = context.DidNotReceive().Pool;
    }

    [Fact]
    public async Task Draws_a_gradient_that_shifts_one_pixel_per_frame()
    {
        using var harness = new StageHarness();
        var frames = await harness.RunSourceAsync(new GenerateFramesStage(new GenerateFramesOptions { Width = 3, Height = 2, Count = 2, Spacing = 0.5 }));

        Assert.Equal([0f, 1 / 5f, 2 / 5f, 1 / 5f, 2 / 5f, 3 / 5f], Frames.Pixels(frames[0]));
        Assert.Equal([1 / 5f, 2 / 5f, 3 / 5f, 2 / 5f, 3 / 5f, 4 / 5f], Frames.Pixels(frames[1]));
        Assert.Equal(1, frames[1].Index);
        Assert.Equal(0.5, frames[0].Layout.Geometry.SpacingX);
        foreach (var frame in frames)
        {
            frame.Dispose();
        }
    }

    [Fact]
    public async Task Noise_with_the_same_seed_gives_the_same_frames_and_stays_in_0_to_1()
    {
        using var harness = new StageHarness();
        var options = new GenerateFramesOptions { Width = 16, Height = 16, Count = 2, Pattern = FramePattern.Noise, Seed = 9 };

        var first = await harness.RunSourceAsync(new GenerateFramesStage(options));
        var second = await harness.RunSourceAsync(new GenerateFramesStage(options));

        Assert.Equal(Frames.Pixels(first[1]), Frames.Pixels(second[1]));
        Assert.All(Frames.Pixels(first[0]), p => Assert.InRange(p, 0f, 1f));
        foreach (var frame in first.Concat(second))
        {
            frame.Dispose();
        }
    }

    [Fact]
    public async Task A_frame_it_could_not_write_because_of_cancellation_is_returned_to_the_pool()
    {
        using var harness = new StageHarness();
        using var cancel = new CancellationTokenSource();
        var output = Channel.CreateBounded<ImageFrame>(1);
        var stage = new GenerateFramesStage(new GenerateFramesOptions { Width = 8, Height = 8, Count = 10 });

        var run = stage.RunAsync(harness.Context, output.Writer, cancel.Token);
        while (output.Reader.Count == 0)
        {
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        while (output.Reader.TryRead(out var frame))
        {
            frame.Dispose();
        }

        Assert.Equal(0, harness.Pool.OutstandingLeases);
    }
}
