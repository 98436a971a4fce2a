using Conduit.Plugins.Example.Format;
using Conduit.Plugins.Example.Stages;
using Conduit.Testing.Stages;

namespace Conduit.Plugins.Example.Tests.Stages;

public sealed class WriteFramesStageTests
{
    [Fact]
    public async Task Writes_a_header_with_the_frame_count_then_the_frames_and_commits_atomically()
    {
        using var harness = new StageHarness();
        var frames = new[]
        {
            await Frames.RentAsync(harness.Pool, 0, 3, 2, i => i),
            await Frames.RentAsync(harness.Pool, 1, 3, 2, i => 10 + i),
        };

        await harness.RunSinkAsync(new WriteFramesStage(new WriteFramesOptions { Path = "out/frames.cfr" }), frames);

        Assert.DoesNotContain(harness.Directory.ListFiles(), f => f.EndsWith(".cfr", StringComparison.Ordinal));
        var written = Assert.Single(harness.CommitOutputs());
        var bytes = await File.ReadAllBytesAsync(written, TestContext.Current.CancellationToken);
        var header = FrameFileHeader.Parse(bytes, bytes.Length, written);
        Assert.Equal(2, header.FrameCount);
        Assert.Equal(3, header.Width);
        Assert.Equal(11f, BitConverter.ToSingle(bytes, FrameFileHeader.Size + (7 * sizeof(float))));
        Assert.Equal(harness.Directory.File("out/frames.cfr"), written);
    }

    [Fact]
    public async Task A_frame_of_another_size_fails_the_stage_and_leaves_no_output()
    {
        using var harness = new StageHarness();
        var frames = new[]
        {
            await Frames.RentAsync(harness.Pool, 0, 3, 2, i => i),
            await Frames.RentAsync(harness.Pool, 1, 2, 2, i => i),
        };

        var error = await Assert.ThrowsAsync<ExampleDataException>(() =>
            harness.RunSinkAsync(new WriteFramesStage(new WriteFramesOptions { Path = "frames.cfr" }), frames));

        Assert.Contains("frame 1 is 2x2 Float32, but the file holds 3x2 Float32 frames", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Directory.ListFiles());
        Assert.Equal(0, harness.Pool.OutstandingLeases);
    }
}
