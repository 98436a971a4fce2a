using System.Threading.Channels;
using Conduit.Abstractions.Messages;

namespace Conduit.Engine.Running;

/// <summary>A bounded channel of <typeparamref name="T"/> with a count of the producers still writing to it.</summary>
internal sealed class MessagePort<T> : IMessagePort
    where T : class, IConduitMessage
{
    private readonly Channel<T> _channel;
    private int _producers;

    public MessagePort(int capacity, int producers)
    {
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = producers == 1,
        });
        _producers = producers;
    }

    public ChannelReader<T> Reader => _channel.Reader;

    /// <summary>The writer of <paramref name="port"/> (a port of <typeparamref name="T"/>), counting what a stage writes.</summary>
    public static ChannelWriter<T> CountingWriter(IMessagePort port, string stageTypeName) =>
        new CountingChannelWriter<T>(((MessagePort<T>)port)._channel.Writer, stageTypeName);

    public ValueTask WriteAsync(IConduitMessage message, CancellationToken cancellationToken) =>
        _channel.Writer.WriteAsync((T)message, cancellationToken);

    public void ProducerCompleted(Exception? error)
    {
        if (error is not null)
        {
            _channel.Writer.TryComplete(error);
        }
        else if (Interlocked.Decrement(ref _producers) == 0)
        {
            _channel.Writer.TryComplete();
        }
    }

    public async Task DrainAsync()
    {
        try
        {
            while (await _channel.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (_channel.Reader.TryRead(out var message))
                {
                    message.Dispose();
                }
            }
        }
        catch (ChannelClosedException)
        {
            // Completed with a producer's error: nothing more will come.
        }
        catch (Exception) when (_channel.Reader.Completion.IsCompleted)
        {
            // Same as above, surfaced as the producer's own exception type.
        }

        while (_channel.Reader.TryRead(out var message))
        {
            message.Dispose();
        }
    }
}
