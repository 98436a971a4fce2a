using System.Collections.Concurrent;
using System.Threading.Channels;
using Conduit.Abstractions.Stages;

namespace Conduit.Engine.Tests.TestStages;

/// <summary><c>test.collect</c>: records every value in the <see cref="Collector"/> under its stage id.</summary>
public sealed class CollectSink(CollectOptions options, Collector collector) : ISinkStage<TestMessage>, IDisposable
{
    public async Task RunAsync(IStageContext context, ChannelReader<TestMessage> input, CancellationToken cancellationToken)
    {
        var values = collector.Received.GetOrAdd(context.StageId, _ => new ConcurrentQueue<int>());
        await foreach (var message in input.ReadAllAsync(cancellationToken))
        {
            using (message)
            {
                if (options.Verify && message.Lease is { } lease && lease.Span.IndexOfAnyExcept((byte)message.Value) >= 0 && message.Value < 256)
                {
                    throw new InvalidDataException($"message {message.Value} arrived with other bytes");
                }

                values.Enqueue(message.Value);
                context.Progress.Advance();
            }

            if (options.DelayMs > 0)
            {
                await Task.Delay(options.DelayMs, cancellationToken);
            }

            if (values.Count == options.StopAfter)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        if (options.ThrowOnDispose)
        {
            throw new InvalidOperationException("collect could not close its device");
        }
    }
}
