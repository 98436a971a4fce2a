using System.Diagnostics.CodeAnalysis;

namespace Conduit.Abstractions.Memory;

/// <summary>
/// A source of buffer leases that draws on a <see cref="IMemoryBudget"/>. Thread-safe.
/// </summary>
public interface IBufferPool
{
    /// <summary>The pool's name as configured in the job (used as a metric tag).</summary>
    string Name { get; }

    /// <summary>Where this pool's bytes live.</summary>
    MemoryKind Kind { get; }

    /// <summary>The largest single lease this pool can ever hand out, in bytes.</summary>
    long MaxLeaseBytes { get; }

    /// <summary>Rents <paramref name="bytes"/> bytes if that is possible right now; never blocks.</summary>
    /// <returns>False when the budget or the pool cannot serve the request at this moment.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is negative.</exception>
    /// <exception cref="MemoryBudgetExceededException">The request can never be served (larger than the budget or
    /// <see cref="MaxLeaseBytes"/>).</exception>
    bool TryRent(long bytes, [NotNullWhen(true)] out IBufferLease? lease);

    /// <summary>
    /// Rents <paramref name="bytes"/> bytes, waiting until the budget has room (backpressure).
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    /// <exception cref="MemoryBudgetExceededException">The request can never be served.</exception>
    ValueTask<IBufferLease> RentAsync(long bytes, CancellationToken cancellationToken = default);

    /// <summary>A snapshot of the pool's counters.</summary>
    BufferPoolStatistics Statistics { get; }
}
