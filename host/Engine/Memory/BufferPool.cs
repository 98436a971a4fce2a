using System.Diagnostics.CodeAnalysis;
using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Memory;

/// <summary>
/// The one rent path of every pool kind: check the request, reserve its cost (non-blocking or awaiting), create the
/// lease, release the reservation if creating fails or declines, and count it. A kind says what a request costs, how
/// to make a lease once that is reserved, and where the requests it declines go (docs/adr/0003).
/// </summary>
public abstract class BufferPool : IBufferPool, IDisposable
{
    private long _rentedBytes;
    private long _rentCount;
    private long _outstandingBytes;
    private long _outstandingLeases;
    private long _peakOutstandingBytes;
    private long _fallbackCount;
    private long _refusedCount;
    private int _disposed;

    /// <summary>Creates the pool.</summary>
    private protected BufferPool(string name, MemoryKind kind, IMemoryBudget budget)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(budget);
        Name = name;
        Kind = kind;
        Budget = budget;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public MemoryKind Kind { get; }

    /// <summary>The budget rentals are charged to.</summary>
    public IMemoryBudget Budget { get; }

    /// <inheritdoc />
    public abstract long MaxLeaseBytes { get; }

    /// <summary>True once the pool is disposed; leases still out are freed when they come back.</summary>
    private protected bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <inheritdoc />
    public BufferPoolStatistics Statistics => new(
        Volatile.Read(ref _rentedBytes),
        Volatile.Read(ref _rentCount),
        Volatile.Read(ref _outstandingBytes),
        Volatile.Read(ref _outstandingLeases),
        Volatile.Read(ref _peakOutstandingBytes),
        Volatile.Read(ref _fallbackCount),
        Volatile.Read(ref _refusedCount));

    /// <inheritdoc />
    public bool TryRent(long bytes, [NotNullWhen(true)] out IBufferLease? lease)
    {
        var cost = CheckRequest(bytes);
        if (!Budget.TryReserve(cost))
        {
            Interlocked.Increment(ref _refusedCount);
            lease = null;
            return false;
        }

        if (CreateLeaseOrRelease(bytes, cost) is { } created)
        {
            lease = created;
            return true;
        }

        return FallbackFor(bytes).TryRent(bytes, out lease);
    }

    /// <inheritdoc />
    public ValueTask<IBufferLease> RentAsync(long bytes, CancellationToken cancellationToken = default)
    {
        var cost = CheckRequest(bytes);
        cancellationToken.ThrowIfCancellationRequested();
        if (!Budget.TryReserve(cost))
        {
            return ReserveThenRentAsync(bytes, cost, cancellationToken);
        }

        if (CreateLeaseOrRelease(bytes, cost) is { } created)
        {
            return ValueTask.FromResult<IBufferLease>(created);
        }

        return FallbackFor(bytes).RentAsync(bytes, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"pool '{Name}' ({Kind}): {ByteSize.Format(Statistics.OutstandingBytes)} in {Statistics.OutstandingLeases} leases out, peak {ByteSize.Format(Statistics.PeakOutstandingBytes)}";

    /// <summary>Bytes a request of <paramref name="bytes"/> costs the budget when it is rented (with the pool's
    /// rounding; 0 where the memory was paid for with the pool).</summary>
    private protected abstract long CostOf(long bytes);

    /// <summary>Makes a lease of <paramref name="bytes"/> whose <paramref name="cost"/> is already reserved, or null
    /// when this pool cannot serve the request now and it goes to <see cref="Fallback"/>.</summary>
    private protected abstract PooledLease? CreateLease(long bytes, long cost);

    /// <summary>Where requests go that <see cref="CreateLease"/> declines; a pool that never declines has none.</summary>
    private protected virtual IBufferPool? Fallback => null;

    /// <summary>Frees what the pool retains.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Call when a lease's memory comes back: releases what it was charged and updates the counters.</summary>
    private protected void OnReturned(PooledLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        Interlocked.Add(ref _outstandingBytes, -lease.HeldBytes);
        Interlocked.Decrement(ref _outstandingLeases);
        Budget.Release(lease.ReservedBytes);
    }

    /// <summary>Checks a request and returns its cost.</summary>
    private protected long CheckRequest(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (bytes > MaxLeaseBytes)
        {
            throw new MemoryBudgetExceededException($"pool '{Name}' cannot hand out {ByteSize.Format(bytes)}: its largest lease is {ByteSize.Format(MaxLeaseBytes)}")
            {
                RequestedBytes = bytes,
                LimitBytes = MaxLeaseBytes,
            };
        }

        var cost = CostOf(bytes);
        if (cost > Budget.LimitBytes && bytes <= Budget.LimitBytes)
        {
            throw new MemoryBudgetExceededException($"pool '{Name}' rounds a request for {ByteSize.Format(bytes)} up to {ByteSize.Format(cost)}, more than budget '{Budget.Name}' of {ByteSize.Format(Budget.LimitBytes)}")
            {
                RequestedBytes = cost,
                LimitBytes = Budget.LimitBytes,
            };
        }

        return cost;
    }

    private async ValueTask<IBufferLease> ReserveThenRentAsync(long bytes, long cost, CancellationToken cancellationToken)
    {
        await Budget.ReserveAsync(cost, cancellationToken).ConfigureAwait(false);
        if (CreateLeaseOrRelease(bytes, cost) is { } created)
        {
            return created;
        }

        return await FallbackFor(bytes).RentAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    // Check, reserve (done by the caller), create, and release what was reserved if creating fails or declines.
    private PooledLease? CreateLeaseOrRelease(long bytes, long cost)
    {
        PooledLease? lease;
        try
        {
            lease = CreateLease(bytes, cost);
        }
        catch
        {
            Budget.Release(cost);
            throw;
        }

        if (lease is null)
        {
            Budget.Release(cost);
            return null;
        }

        Interlocked.Add(ref _rentedBytes, lease.HeldBytes);
        Interlocked.Increment(ref _rentCount);
        Interlocked.Increment(ref _outstandingLeases);
        InterlockedMaximum.Raise(ref _peakOutstandingBytes, Interlocked.Add(ref _outstandingBytes, lease.HeldBytes));
        return lease;
    }

    private IBufferPool FallbackFor(long bytes)
    {
        var fallback = Fallback ?? throw new InvalidOperationException($"pool '{Name}' declined a request for {ByteSize.Format(bytes)} and has no fallback");
        Interlocked.Increment(ref _fallbackCount);
        return fallback;
    }
}
