using System.Threading.Channels;
using Conduit.Engine.Telemetry;

namespace Conduit.Engine.Running;

/// <summary>Counts the messages a stage writes into the <c>conduit.stage.messages</c> metric.</summary>
internal sealed class CountingChannelWriter<T>(ChannelWriter<T> inner, string stageType) : ChannelWriter<T>
{
    private readonly KeyValuePair<string, object?> _tag = new("conduit.stage.type", stageType);

    public override bool TryComplete(Exception? error = null) => inner.TryComplete(error);

    public override bool TryWrite(T item)
    {
        if (!inner.TryWrite(item))
        {
            return false;
        }

        ConduitTelemetry.MessagesWritten.Add(1, _tag);
        return true;
    }

    public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) => inner.WaitToWriteAsync(cancellationToken);

    public override ValueTask WriteAsync(T item, CancellationToken cancellationToken = default) =>
        TryWrite(item) ? ValueTask.CompletedTask : WriteSlowAsync(item, cancellationToken);

    private async ValueTask WriteSlowAsync(T item, CancellationToken cancellationToken)
    {
        await inner.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        ConduitTelemetry.MessagesWritten.Add(1, _tag);
    }
}
