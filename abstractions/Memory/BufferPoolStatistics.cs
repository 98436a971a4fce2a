namespace Conduit.Abstractions.Memory;

/// <summary>A snapshot of a pool's counters.</summary>
/// <param name="RentedBytes">Total bytes rented since the pool was created.</param>
/// <param name="RentCount">Number of leases rented since the pool was created.</param>
/// <param name="OutstandingBytes">Bytes currently rented and not yet returned.</param>
/// <param name="OutstandingLeases">Leases currently rented and not yet returned.</param>
/// <param name="PeakOutstandingBytes">Highest value <paramref name="OutstandingBytes"/> has reached.</param>
/// <param name="FallbackCount">Requests this pool passed on to its fallback pool (slab pools only).</param>
/// <param name="RefusedCount">Requests <see cref="IBufferPool.TryRent"/> refused.</param>
public readonly record struct BufferPoolStatistics(
    long RentedBytes,
    long RentCount,
    long OutstandingBytes,
    long OutstandingLeases,
    long PeakOutstandingBytes,
    long FallbackCount,
    long RefusedCount);
