using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;

namespace Conduit.Engine.Tests.TestStages;

/// <summary><c>test.count</c>: writes 0..count-1, each with a lease of <c>bytes</c> bytes stamped with its value.</summary>
public sealed class CountSource(CountOptions options) : ISourceStage<TestMessage>
{
    public async Task RunAsync(IStageContext context, ChannelWriter<TestMessage> output, CancellationToken cancellationToken)
    {
        var pool = options.Pool is null ? context.Pool : context.GetPool(options.Pool);
        context.Progress.SetTotal(options.Count, "messages");
        for (var i = 0; i < options.Count; i++)
        {
            if (i == options.FailAt)
            {
                throw new InvalidDataException($"count failed at {i} on purpose");
            }

            IBufferLease? lease = options.Bytes > 0 ? await pool.RentAsync(options.Bytes, cancellationToken) : null;
            if (lease is not null)
            {
                lease.Span.Fill((byte)i);
            }

            var message = new TestMessage(i, lease);
            await output.WriteOrDisposeAsync(message, cancellationToken);

            context.Progress.Advance();
            if (options.DelayMs > 0)
            {
                await Task.Delay(options.DelayMs, cancellationToken);
            }
        }
    }
}

public sealed class CountEstimator : IMemoryEstimator<CountOptions>
{
    public MemoryEstimate Estimate(CountOptions options, MemoryEstimationContext context) =>
        new(options.Bytes, options.Bytes, "bytes");
}
