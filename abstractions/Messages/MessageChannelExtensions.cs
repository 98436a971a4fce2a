using System.Threading.Channels;

namespace Conduit.Abstractions.Messages;

/// <summary>Writing messages that own buffers to a stage's output channel.</summary>
public static class MessageChannelExtensions
{
    /// <summary>
    /// Writes <paramref name="message"/> to <paramref name="output"/>. A write that does not happen (the job is
    /// cancelled, the channel completed) leaves the message with the writer, so it is disposed here and its leases go
    /// back to their pools; the exception is rethrown.
    /// </summary>
    public static async ValueTask WriteOrDisposeAsync<T>(this ChannelWriter<T> output, T message, CancellationToken cancellationToken = default)
        where T : IDisposable
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await output.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }
}
