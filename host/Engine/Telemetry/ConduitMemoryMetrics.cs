using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Conduit.Engine.Memory;

namespace Conduit.Engine.Telemetry;

/// <summary>
/// The <c>Conduit.Memory</c> meter: every live pool's counters as observable instruments, tagged with the pool's name
/// and memory kind only (never job ids, which would make the series unbounded). Observable instruments cost nothing on
/// the rent path; the exporter reads the counters when it collects.
/// </summary>
public static class ConduitMemoryMetrics
{
    /// <summary>The meter's name, for OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "Conduit.Memory";

    private static readonly ConcurrentDictionary<BufferPool, byte> Pools = new();

    /// <summary>The meter; it lives as long as the process.</summary>
    internal static Meter Meter { get; } = CreateMeter();

    internal static void Register(BufferPool pool) => Pools.TryAdd(pool, 0);

    internal static void Unregister(BufferPool pool) => Pools.TryRemove(pool, out _);

    private static Meter CreateMeter()
    {
        var meter = new Meter(MeterName, "1.0");
        meter.CreateObservableCounter("conduit.memory.rented", () => Observe(s => s.RentedBytes), "By", "Bytes rented since the pool was created");
        meter.CreateObservableUpDownCounter("conduit.memory.outstanding", () => Observe(s => s.OutstandingBytes), "By", "Bytes rented and not yet returned");
        meter.CreateObservableGauge("conduit.memory.peak", () => Observe(s => s.PeakOutstandingBytes), "By", "Highest outstanding bytes so far");
        meter.CreateObservableUpDownCounter("conduit.memory.leases", () => Observe(s => s.OutstandingLeases), "{lease}", "Leases rented and not yet returned");
        meter.CreateObservableCounter("conduit.memory.fallbacks", () => Observe(s => s.FallbackCount), "{request}", "Requests a slab pool passed to its fallback pool");
        return meter;
    }

    private static IEnumerable<Measurement<long>> Observe(Func<Abstractions.Memory.BufferPoolStatistics, long> value)
    {
        foreach (var pool in Pools.Keys)
        {
            yield return new Measurement<long>(
                value(pool.Statistics),
                new KeyValuePair<string, object?>("conduit.pool.name", pool.Name),
                new KeyValuePair<string, object?>("conduit.memory.kind", KindTag(pool.Kind)));
        }
    }

    private static string KindTag(Abstractions.Memory.MemoryKind kind) => kind switch
    {
        Abstractions.Memory.MemoryKind.Managed => "managed",
        Abstractions.Memory.MemoryKind.PinnedNative => "pinned-native",
        Abstractions.Memory.MemoryKind.Slab => "slab",
        Abstractions.Memory.MemoryKind.MappedFile => "mapped-file",
        Abstractions.Memory.MemoryKind.Device => "device",
        _ => "unknown",
    };
}
