using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;

namespace Conduit.Engine.Running;

/// <summary>Calls an <see cref="ITransformStage{TInput, TOutput}"/>.</summary>
internal sealed class TransformStageAdapter<TInput, TOutput> : ProducerStageAdapter<TOutput>
    where TInput : class, IConduitMessage
    where TOutput : class, IConduitMessage
{
    public override IMessagePort CreateInputPort(int capacity, int producers) => new MessagePort<TInput>(capacity, producers);

    public override Task RunAsync(object stage, IStageContext context, IMessagePort? input, IMessagePort? output, string stageTypeName, CancellationToken cancellationToken) =>
        ((ITransformStage<TInput, TOutput>)stage).RunAsync(context, ((MessagePort<TInput>)input!).Reader, MessagePort<TOutput>.CountingWriter(output!, stageTypeName), cancellationToken);
}
