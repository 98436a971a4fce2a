using System.Threading.Channels;
using Conduit.Abstractions.Messages;

namespace Conduit.Engine.Running;

/// <summary>
/// Carries a producer's messages to its consumers when it has none, several (fan-out: each gets a shared copy), or one
/// that also reads from other producers (merge). A producer with a single consumer is connected directly instead.
/// </summary>
internal static class MessageRouter
{
    public static async Task RouteAsync<T>(ChannelReader<T> source, IReadOnlyList<IMessagePort> targets, CancellationToken cancellationToken)
        where T : class, IConduitMessage
    {
        Exception? error = null;
        try
        {
            while (await source.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (source.TryRead(out var message))
                {
                    await DeliverAsync(message, targets, cancellationToken).ConfigureAwait(false);
                }
            }

            await source.Completion.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            error = e;
            throw;
        }
        finally
        {
            foreach (var target in targets)
            {
                target.ProducerCompleted(error);
            }

            // Whatever the producer wrote after the failure is disposed, not lost.
            while (source.TryRead(out var left))
            {
                left.Dispose();
            }
        }
    }

    private static async ValueTask DeliverAsync(IConduitMessage message, IReadOnlyList<IMessagePort> targets, CancellationToken cancellationToken)
    {
        if (targets.Count == 0)
        {
            message.Dispose();
            return;
        }

        var delivered = 0;
        try
        {
            for (; delivered < targets.Count - 1; delivered++)
            {
                var copy = message.Share();
                try
                {
                    await targets[delivered].WriteAsync(copy, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    copy.Dispose();
                    throw;
                }
            }

            await targets[delivered].WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }
}
