using System.Threading.Channels;
using Conduit.Abstractions.Messages;

namespace Conduit.Abstractions.Stages;

/// <summary>A stage that consumes messages and produces none (a writer, an instrument output).</summary>
/// <typeparam name="TInput">The message type it reads.</typeparam>
public interface ISinkStage<TInput>
    where TInput : class, IConduitMessage
{
    /// <summary>Reads until <paramref name="input"/> completes, disposing every message it reads.</summary>
    Task RunAsync(IStageContext context, ChannelReader<TInput> input, CancellationToken cancellationToken);
}
