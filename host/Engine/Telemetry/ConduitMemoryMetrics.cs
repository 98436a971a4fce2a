using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Telemetry;

/// <summary>
/// The <c>Conduit.Memory</c> meter: the counters of every pool it tracks as observable instruments, tagged with the
/// pool's name and memory kind only (never job ids, which would make the series unbounded). Observable instruments cost
/// nothing on the rent path; the exporter reads the counters when it collects. The host makes one and hands it to the
/// runner, which tracks each job's pools while the job runs; pools know nothing of it.
/// </summary>
public sealed class ConduitMemoryMetrics : IDisposable
{
    /// <summary>The meter's name, for OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "Conduit.Memory";

    private readonly ConcurrentDictionary<IBufferPool, byte> _pools = new();
    private readonly Meter _meter;

    /// <summary>Creates the meter and its instruments.</summary>
    public ConduitMemoryMetrics()
    {
        _meter = new Meter(MeterName, "1.0");
        _meter.CreateObservableCounter("conduit.memory.rented", () => Observe(s => s.RentedBytes), "By", "Bytes rented since the pool was created");
        _meter.CreateObservableUpDownCounter("conduit.memory.outstanding", () => Observe(s => s.OutstandingBytes), "By", "Bytes rented and not yet returned");
        _meter.CreateObservableGauge("conduit.memory.peak", () => Observe(s => s.PeakOutstandingBytes), "By", "Highest outstanding bytes so far");
        _meter.CreateObservableUpDownCounter("conduit.memory.leases", () => Observe(s => s.OutstandingLeases), "{lease}", "Leases rented and not yet returned");
        _meter.CreateObservableCounter("conduit.memory.fallbacks", () => Observe(s => s.FallbackCount), "{request}", "Requests a slab pool passed to its fallback pool");
    }

    /// <summary>Publishes <paramref name="pool"/>'s counters until the returned handle is disposed.</summary>
    public IDisposable Track(IBufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        _pools.TryAdd(pool, 0);
        return new Tracking(this, pool);
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> Observe(Func<BufferPoolStatistics, long> value)
    {
        foreach (var pool in _pools.Keys)
        {
            yield return new Measurement<long>(
                value(pool.Statistics),
                new KeyValuePair<string, object?>("conduit.pool.name", pool.Name),
                new KeyValuePair<string, object?>("conduit.memory.kind", KindTag(pool.Kind)));
        }
    }

    private static string KindTag(MemoryKind kind) => kind switch
    {
        MemoryKind.Managed => "managed",
        MemoryKind.PinnedNative => "pinned-native",
        MemoryKind.Slab => "slab",
        MemoryKind.MappedFile => "mapped-file",
        MemoryKind.Device => "device",
        _ => "unknown",
    };

    private sealed class Tracking(ConduitMemoryMetrics metrics, IBufferPool pool) : IDisposable
    {
        public void Dispose() => metrics._pools.TryRemove(pool, out _);
    }
}
