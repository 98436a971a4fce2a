namespace Conduit.Abstractions.Memory;

/// <summary>A snapshot of a pool's counters.</summary>
/// <param name="RentedBytes">Total bytes rented since the pool was created.</param>
/// <param name="RentCount">Number of leases rented since the pool was created.</param>
/// <param name="OutstandingBytes">Bytes currently rented and not yet returned.</param>
/// <param name="OutstandingLeases">Leases currently rented and not yet returned.</param>
/// <param name="PeakOutstandingBytes">Highest amount of memory the pool has held for its leases: the bytes out plus
/// what its per-core caches kept ready (<see cref="CachedBytes"/>), so never less than the peak of
/// <paramref name="OutstandingBytes"/>, and equal to it in a pool that caches nothing.</param>
/// <param name="FallbackCount">Requests this pool passed on to its fallback pool (slab pools only).</param>
/// <param name="RefusedCount">Requests <see cref="IBufferPool.TryRent"/> refused.</param>
public readonly record struct BufferPoolStatistics(
    long RentedBytes,
    long RentCount,
    long OutstandingBytes,
    long OutstandingLeases,
    long PeakOutstandingBytes,
    long FallbackCount,
    long RefusedCount)
{
    /// <summary>Budget the pool holds reserved but not lent: leases parked ready on each core and credit for the next
    /// rents. It is given back whenever a reservation in the budget would otherwise wait or be refused.</summary>
    public long CachedBytes { get; init; }
}
