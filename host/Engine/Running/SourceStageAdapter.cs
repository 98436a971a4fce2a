using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;

namespace Conduit.Engine.Running;

/// <summary>Calls an <see cref="ISourceStage{TOutput}"/>.</summary>
internal sealed class SourceStageAdapter<TOutput> : ProducerStageAdapter<TOutput>
    where TOutput : class, IConduitMessage
{
    public override IMessagePort CreateInputPort(int capacity, int producers) =>
        throw new InvalidOperationException("a source stage has no input");

    public override Task RunAsync(object stage, IStageContext context, IMessagePort? input, IMessagePort? output, string stageTypeName, CancellationToken cancellationToken) =>
        ((ISourceStage<TOutput>)stage).RunAsync(context, MessagePort<TOutput>.CountingWriter(output!, stageTypeName), cancellationToken);
}
