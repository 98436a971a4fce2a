using Conduit.Abstractions.Messages;

namespace Conduit.Engine.Running;

/// <summary>What the adapters of stages that write <typeparamref name="TOutput"/> share: their own port and its router.</summary>
internal abstract class ProducerStageAdapter<TOutput> : StageAdapter
    where TOutput : class, IConduitMessage
{
    public override IMessagePort CreateOutputPort(int capacity) => new MessagePort<TOutput>(capacity, 1);

    public override Task RouteOutputAsync(IMessagePort port, IReadOnlyList<IMessagePort> targets, CancellationToken cancellationToken) =>
        MessageRouter.RouteAsync(((MessagePort<TOutput>)port).Reader, targets, cancellationToken);
}
