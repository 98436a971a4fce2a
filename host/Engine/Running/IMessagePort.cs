using Conduit.Abstractions.Messages;

namespace Conduit.Engine.Running;

/// <summary>A stage's typed input channel, seen without its type by the router and the runner.</summary>
internal interface IMessagePort
{
    /// <summary>The typed <c>ChannelReader&lt;T&gt;</c> handed to the consumer.</summary>
    object Reader { get; }

    /// <summary>The typed <c>ChannelWriter&lt;T&gt;</c> handed to a producer connected directly.</summary>
    object Writer { get; }

    /// <summary>Writes a message; ownership passes to the channel once the write succeeds.</summary>
    ValueTask WriteAsync(IConduitMessage message, CancellationToken cancellationToken);

    /// <summary>Called once per producer when it is done; the channel completes after the last.</summary>
    void ProducerCompleted(Exception? error);

    /// <summary>Disposes messages until the channel completes, so that producers never wait on a consumer that left.</summary>
    Task DrainAsync();
}
