using System.Threading.Channels;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;

namespace Conduit.Engine.Tests.TestStages;

/// <summary><c>test.rich</c>: reads image frames, for type-mismatch and options tests.</summary>
public sealed class RichSink(RichOptions options) : ISinkStage<ImageFrame>
{
    public RichOptions Options { get; } = options;

    public async Task RunAsync(IStageContext context, ChannelReader<ImageFrame> input, CancellationToken cancellationToken)
    {
        await foreach (var frame in input.ReadAllAsync(cancellationToken))
        {
            frame.Dispose();
        }
    }
}
