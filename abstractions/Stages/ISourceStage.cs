using System.Threading.Channels;
using Conduit.Abstractions.Messages;

namespace Conduit.Abstractions.Stages;

/// <summary>A stage that produces messages and consumes none (a generator, a file reader, an instrument).</summary>
/// <typeparam name="TOutput">The message type it writes.</typeparam>
public interface ISourceStage<TOutput>
    where TOutput : class, IConduitMessage
{
    /// <summary>
    /// Produces messages until done or cancelled. Ownership of each written message passes to the channel; the stage
    /// must dispose a message it fails to write. The host completes <paramref name="output"/> when this returns.
    /// </summary>
    Task RunAsync(IStageContext context, ChannelWriter<TOutput> output, CancellationToken cancellationToken);
}
