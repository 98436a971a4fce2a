using System.Threading.Channels;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Testing.Stages;

namespace Conduit.Testing.Tests.Stages;

/// <summary>The harness runs a stage as the host would: inputs in, outputs out, files under a temporary folder that
/// is committed or discarded.</summary>
public sealed class StageHarnessTests
{
    private static readonly FrameLayout Layout = new(PixelType.Float32, 2, 1, FrameGeometry.Default);

    [Fact]
    public async Task A_transform_receives_every_input_and_its_outputs_come_back_in_order()
    {
        using var harness = new StageHarness();
        var inputs = new List<ImageFrame>();
        for (var i = 0; i < 3; i++)
        {
            var lease = await harness.Pool.RentAsync(Layout.ByteLength, TestContext.Current.CancellationToken);
            lease.Span.Clear();
            inputs.Add(new ImageFrame(i, Layout, lease));
        }

        var outputs = await harness.RunTransformAsync(new Doubler(), inputs, TestContext.Current.CancellationToken);

        Assert.Equal([0L, 2, 4], outputs.Select(f => f.Index));
        Assert.Equal(3, harness.Progress.Done);
        outputs.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task An_output_file_appears_when_committed_and_the_folder_goes_with_the_harness()
    {
        string folder;
        string final;
        using (var harness = new StageHarness())
        {
            folder = harness.Directory.Path;
            await harness.RunSinkAsync(new Writer(), Array.Empty<ImageFrame>(), TestContext.Current.CancellationToken);
            Assert.DoesNotContain(harness.Directory.ListFiles(), f => !Path.GetFileName(f).StartsWith('.'));

            final = Assert.Single(harness.CommitOutputs());
            Assert.Equal("written", await File.ReadAllTextAsync(final, TestContext.Current.CancellationToken));
        }

        Assert.False(Directory.Exists(folder));
    }

    // Passes frames on with their index doubled.
    private sealed class Doubler : ITransformStage<ImageFrame, ImageFrame>
    {
        public async Task RunAsync(IStageContext context, ChannelReader<ImageFrame> input, ChannelWriter<ImageFrame> output, CancellationToken cancellationToken)
        {
            await foreach (var frame in input.ReadAllAsync(cancellationToken))
            {
                await output.WriteOrDisposeAsync(new ImageFrame(frame.Index * 2, frame.Layout, frame.TakePixels()), cancellationToken);
                context.Progress.Advance();
            }
        }
    }

    // Writes one output file, whatever arrives.
    private sealed class Writer : ISinkStage<ImageFrame>
    {
        public async Task RunAsync(IStageContext context, ChannelReader<ImageFrame> input, CancellationToken cancellationToken)
        {
            await foreach (var frame in input.ReadAllAsync(cancellationToken))
            {
                frame.Dispose();
            }

            await using var file = context.CreateOutputFile("out.txt");
            await file.Stream.WriteAsync("written"u8.ToArray(), cancellationToken);
            await file.CompleteAsync(cancellationToken);
        }
    }
}
