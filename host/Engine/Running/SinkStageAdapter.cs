using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;

namespace Conduit.Engine.Running;

/// <summary>Calls an <see cref="ISinkStage{TInput}"/>.</summary>
internal sealed class SinkStageAdapter<TInput> : StageAdapter
    where TInput : class, IConduitMessage
{
    public override IMessagePort CreateInputPort(int capacity, int producers) => new MessagePort<TInput>(capacity, producers);

    public override IMessagePort CreateOutputPort(int capacity) =>
        throw new InvalidOperationException("a sink stage has no output");

    public override Task RouteOutputAsync(IMessagePort port, IReadOnlyList<IMessagePort> targets, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("a sink stage has no output");

    public override Task RunAsync(object stage, IStageContext context, IMessagePort? input, IMessagePort? output, string stageTypeName, CancellationToken cancellationToken) =>
        ((ISinkStage<TInput>)stage).RunAsync(context, ((MessagePort<TInput>)input!).Reader, cancellationToken);
}
