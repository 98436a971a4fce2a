using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Memory;

/// <summary>
/// A nested byte budget. Reserving in a child reserves in every ancestor under one lock per budget tree (a root alone
/// is lock-free); waiting reservations are woken by any release in the tree and retry (no FIFO fairness: a large
/// request can wait behind a stream of small ones). Pools that cache reservations per core register with the tree; a
/// reservation that does not fit empties those caches before it is refused or waits, so cached budget never starves
/// anyone (docs/adr/0014).
/// </summary>
public sealed class MemoryBudget : IMemoryBudget
{
    private readonly MemoryBudget? _parent;
    private readonly BudgetSignal _signal;
    private long _reserved;
    private long _peak;

    /// <summary>Creates a root budget.</summary>
    public MemoryBudget(string name, long limitBytes)
        : this(name, limitBytes, null)
    {
    }

    private MemoryBudget(string name, long limitBytes, MemoryBudget? parent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(limitBytes);
        Name = name;
        LimitBytes = limitBytes;
        _parent = parent;
        _signal = parent?._signal ?? new BudgetSignal();
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long LimitBytes { get; }

    /// <inheritdoc />
    public long ReservedBytes => Volatile.Read(ref _reserved);

    /// <inheritdoc />
    public long PeakReservedBytes => Volatile.Read(ref _peak);

    /// <inheritdoc />
    public IMemoryBudget? Parent => _parent;

    /// <inheritdoc />
    public IMemoryBudget CreateChild(string name, long limitBytes)
    {
        if (limitBytes > LimitBytes)
        {
            throw new MemoryBudgetExceededException($"budget '{name}' asks for {ByteSize.Format(limitBytes)}, more than its parent '{Name}' has ({ByteSize.Format(LimitBytes)})")
            {
                RequestedBytes = limitBytes,
                LimitBytes = LimitBytes,
            };
        }

        return new MemoryBudget(name, limitBytes, this);
    }

    /// <inheritdoc />
    public bool TryReserve(long bytes)
    {
        ThrowIfNeverFits(bytes);
        return bytes == 0 || TryReserveCore(bytes) || (_signal.FlushCaches() > 0 && TryReserveCore(bytes));
    }

    /// <inheritdoc />
    public ValueTask ReserveAsync(long bytes, CancellationToken cancellationToken = default)
    {
        ThrowIfNeverFits(bytes);
        cancellationToken.ThrowIfCancellationRequested();
        return bytes == 0 || TryReserveCore(bytes) ? ValueTask.CompletedTask : WaitAndReserveAsync(bytes, cancellationToken);
    }

    /// <inheritdoc />
    public void Release(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (bytes == 0)
        {
            return;
        }

        ReleaseCore(bytes);
        _signal.Pulse();
    }

    /// <summary>Reserves <paramref name="bytes"/> if they fit now, without asking any cache to give back: for a cache
    /// that reserves ahead of need, which must not empty the others to do so.</summary>
    internal bool TryReserveWithoutFlushing(long bytes) => bytes <= LimitBytes && TryReserveCore(bytes);

    /// <summary>True while a reservation anywhere in this budget's tree waits for memory.</summary>
    internal bool HasWaiters => _signal.HasWaiters;

    /// <summary>Registers a cache of this tree's budget, to be emptied before a reservation is refused or waits.</summary>
    internal void AddCache(IBudgetCache cache) => _signal.AddCache(cache);

    /// <summary>Forgets a cache registered with <see cref="AddCache"/>.</summary>
    internal void RemoveCache(IBudgetCache cache) => _signal.RemoveCache(cache);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name}: {ByteSize.Format(ReservedBytes)} of {ByteSize.Format(LimitBytes)} reserved (peak {ByteSize.Format(PeakReservedBytes)})";

    private async ValueTask WaitAndReserveAsync(long bytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Entering first makes every cache stop keeping what comes back; then what they hold is given back.
            var released = _signal.Enter();
            try
            {
                _signal.FlushCaches();
                if (TryReserveCore(bytes))
                {
                    return;
                }

                await released.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _signal.Leave();
            }
        }
    }

    private bool TryReserveCore(long bytes)
    {
        if (_parent is null)
        {
            // A root budget: one compare-and-swap, no lock (the default pool of every job draws from one).
            return TryAdd(bytes);
        }

        // A child: its tree's lock makes the check and the update of every level one step, so no other child can fail
        // because of a reservation that is then undone. A root may still change concurrently (lock-free), so each
        // level is still added with a checked compare-and-swap, and undone if an ancestor filled up meanwhile.
        lock (_signal)
        {
            for (var budget = this; budget is not null; budget = budget._parent)
            {
                if (!budget.TryAdd(bytes))
                {
                    for (var undo = this; undo != budget; undo = undo._parent!)
                    {
                        Interlocked.Add(ref undo._reserved, -bytes);
                    }

                    return false;
                }
            }

            return true;
        }
    }

    private bool TryAdd(long bytes)
    {
        var current = Volatile.Read(ref _reserved);
        while (true)
        {
            var next = current + bytes;
            if (next > LimitBytes)
            {
                return false;
            }

            var seen = Interlocked.CompareExchange(ref _reserved, next, current);
            if (seen == current)
            {
                InterlockedMaximum.Raise(ref _peak, next);
                return true;
            }

            current = seen;
        }
    }

    private void ReleaseCore(long bytes)
    {
        if (_parent is null)
        {
            Subtract(bytes);
            return;
        }

        lock (_signal)
        {
            for (var budget = this; budget is not null; budget = budget._parent)
            {
                budget.Subtract(bytes);
            }
        }
    }

    private void Subtract(long bytes)
    {
        var after = Interlocked.Add(ref _reserved, -bytes);
        if (after < 0)
        {
            Interlocked.Add(ref _reserved, bytes);
            throw new InvalidOperationException($"budget '{Name}' released {bytes} bytes but had only {after + bytes} reserved");
        }
    }

    private void ThrowIfNeverFits(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        for (var budget = this; budget is not null; budget = budget._parent)
        {
            if (bytes > budget.LimitBytes)
            {
                throw new MemoryBudgetExceededException($"a request for {ByteSize.Format(bytes)} can never fit budget '{budget.Name}' of {ByteSize.Format(budget.LimitBytes)}")
                {
                    RequestedBytes = bytes,
                    LimitBytes = budget.LimitBytes,
                };
            }
        }
    }
}
