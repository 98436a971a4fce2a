using Conduit.Abstractions.Messages;

namespace Conduit.Engine.Running;

/// <summary>A stage's typed input channel, seen without its type by the router and the runner; the stage's adapter sees its type.</summary>
internal interface IMessagePort
{
    /// <summary>Writes a message; ownership passes to the channel once the write succeeds.</summary>
    ValueTask WriteAsync(IConduitMessage message, CancellationToken cancellationToken);

    /// <summary>Called once per producer when it is done; the channel completes after the last.</summary>
    void ProducerCompleted(Exception? error);

    /// <summary>Disposes messages until the channel completes, so that producers never wait on a consumer that left.</summary>
    Task DrainAsync();
}
