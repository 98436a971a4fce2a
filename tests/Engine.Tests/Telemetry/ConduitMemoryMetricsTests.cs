using System.Diagnostics.Metrics;
using Conduit.Engine.Memory;
using Conduit.Engine.Telemetry;

namespace Conduit.Engine.Tests.Telemetry;

public sealed class ConduitMemoryMetricsTests
{
    [Fact]
    public void Every_pool_publishes_rented_outstanding_and_peak_tagged_with_name_and_kind_only()
    {
        var poolName = $"metrics-{Guid.NewGuid():N}";
        using var metrics = new ConduitMemoryMetrics();
        using var pool = new PinnedBufferPool(poolName, new MemoryBudget("test", 64 << 20), new PinnedBufferPoolOptions { CacheQuantumBytes = 0 });
        using var tracking = metrics.Track(pool);
        var seen = new Dictionary<string, (long Value, string[] Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ConduitMemoryMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var tagList = tags.ToArray();
            if (tagList.Any(t => t.Key == "conduit.pool.name" && (string?)t.Value == poolName))
            {
                seen[instrument.Name] = (value, [.. tagList.Select(t => $"{t.Key}={t.Value}")]);
            }
        });
        listener.Start();

        Assert.True(pool.TryRent(10_000, out var lease));
        listener.RecordObservableInstruments();
        lease.Dispose();

        Assert.Equal(16384, seen["conduit.memory.outstanding"].Value);
        Assert.Equal(16384, seen["conduit.memory.rented"].Value);
        Assert.Equal(16384, seen["conduit.memory.peak"].Value);
        Assert.Equal(1, seen["conduit.memory.leases"].Value);
        Assert.Equal([$"conduit.pool.name={poolName}", "conduit.memory.kind=pinned-native"], seen["conduit.memory.outstanding"].Tags);
    }

    [Fact]
    public void A_pool_no_longer_tracked_stops_publishing()
    {
        var poolName = $"gone-{Guid.NewGuid():N}";
        using var metrics = new ConduitMemoryMetrics();
        using (var pool = new ManagedBufferPool(poolName, new MemoryBudget("test", 1 << 20)))
        {
            metrics.Track(pool).Dispose();
        }

        var published = false;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ConduitMemoryMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            published |= tags.ToArray().Any(t => (string?)t.Value == poolName));
        listener.Start();

        listener.RecordObservableInstruments();

        Assert.False(published);
    }
}
