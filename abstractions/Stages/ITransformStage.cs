using System.Threading.Channels;
using Conduit.Abstractions.Messages;

namespace Conduit.Abstractions.Stages;

/// <summary>A stage that consumes one message type and produces another (or the same).</summary>
/// <typeparam name="TInput">The message type it reads.</typeparam>
/// <typeparam name="TOutput">The message type it writes.</typeparam>
public interface ITransformStage<TInput, TOutput>
    where TInput : class, IConduitMessage
    where TOutput : class, IConduitMessage
{
    /// <summary>
    /// Reads until <paramref name="input"/> completes. Each read message is owned by the stage, which disposes it or
    /// writes it (or a message holding its lease) on. The host completes <paramref name="output"/> when this returns.
    /// </summary>
    Task RunAsync(IStageContext context, ChannelReader<TInput> input, ChannelWriter<TOutput> output, CancellationToken cancellationToken);
}
