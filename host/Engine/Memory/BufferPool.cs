using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Memory;

/// <summary>
/// The one rent path of every pool kind: check the request, take a parked lease or credit from this core's stripe,
/// otherwise reserve its cost (non-blocking or awaiting) and create the lease, give the reservation back if creating
/// fails or declines, and count it. A kind says what a request costs, how to make a lease once that is paid for, how
/// to discard one, and where the requests it declines go (docs/adr/0003). Caching pools keep, for the next rents, one
/// returned lease per thread (for up to two threads per core, at least 16) and returned leases and budget credit per core (up to two
/// quanta each); all of it stays reserved in the budget and is given back on demand (docs/adr/0014).
/// </summary>
public abstract class BufferPool : IBufferPool, IDisposable, IBudgetCache
{
    private static int s_lastId;

    private readonly int _id = Interlocked.Increment(ref s_lastId);
    private readonly PoolStripe[] _stripes;
    private readonly long _budgetLimit;
    private readonly bool _parks;
    private readonly Lock _slotsLock = new();
    private readonly ThreadSlot _noSlot;
    private ThreadSlot[] _slots = [];
    private bool _threadTier;
    private MemoryBudget? _cachingBudget;
    private long _quantum;
    private long _slackCap;
    private long _holdingBytes;
    private long _peakHoldingBytes;
    private int _disposed;

    // Flushes in progress: while it is above 0, threads neither park nor take leases in their slots (see Flush).
    private int _flushers;

    /// <summary>Creates the pool; <paramref name="parkedPerStripe"/> leases may be parked on each core for reuse.</summary>
    private protected BufferPool(string name, MemoryKind kind, IMemoryBudget budget, int parkedPerStripe = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentOutOfRangeException.ThrowIfNegative(parkedPerStripe);
        Name = name;
        Kind = kind;
        Budget = budget;
        _budgetLimit = budget.LimitBytes;
        _parks = parkedPerStripe > 0;
        _noSlot = new ThreadSlot(this, null);
        _stripes = new PoolStripe[PoolCharges.Stripes];
        for (var i = 0; i < _stripes.Length; i++)
        {
            _stripes[i] = new PoolStripe(parkedPerStripe);
        }
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public MemoryKind Kind { get; }

    /// <summary>The budget rentals are charged to.</summary>
    public IMemoryBudget Budget { get; }

    /// <inheritdoc />
    public abstract long MaxLeaseBytes { get; }

    /// <summary>Budget each core's stripe reserves at a time and keeps for the next rents; 0 when the pool reserves
    /// exactly what each lease costs.</summary>
    public long CacheQuantum => _quantum;

    /// <summary>Most budget the pool can hold idle: two quanta per core in its stripes, and one lease of at most a
    /// quantum for each of up to <see cref="PoolCharges.ThreadSlots"/> threads.</summary>
    public long MaxCachedBytes => (_slackCap * _stripes.Length) + (_threadTier ? MaxThreadSlots * _quantum : 0);

    private static int MaxThreadSlots => PoolCharges.ThreadSlots;

    /// <summary>True once the pool is disposed; leases still out are freed when they come back.</summary>
    private protected bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <inheritdoc />
    /// <remarks>Summed over the stripes on read: exact when no rent or return is in flight.</remarks>
    public BufferPoolStatistics Statistics
    {
        get
        {
            long rented = 0, count = 0, outstanding = 0, leases = 0, fallbacks = 0, refused = 0, cached = 0;
            foreach (var stripe in _stripes)
            {
                rented += Volatile.Read(ref stripe.RentedBytes);
                count += Volatile.Read(ref stripe.RentCount);
                outstanding += Volatile.Read(ref stripe.OutstandingBytes);
                leases += Volatile.Read(ref stripe.OutstandingLeases);
                fallbacks += Volatile.Read(ref stripe.FallbackCount);
                refused += Volatile.Read(ref stripe.RefusedCount);
                cached += Volatile.Read(ref stripe.Credit) + Volatile.Read(ref stripe.ReadyBytes);
            }

            foreach (var slot in Volatile.Read(ref _slots))
            {
                rented += Volatile.Read(ref slot.RentedBytes);
                count += Volatile.Read(ref slot.RentCount);
                outstanding += Volatile.Read(ref slot.RentedBytes) - Volatile.Read(ref slot.ReturnedBytes);
                leases += Volatile.Read(ref slot.RentCount) - Volatile.Read(ref slot.ReturnCount);
                cached += Volatile.Read(ref slot.Lease)?.ReservedBytes ?? 0;
            }

            return new(rented, count, outstanding, leases, Volatile.Read(ref _peakHoldingBytes), fallbacks, refused) { CachedBytes = cached };
        }
    }

    /// <summary>This thread's slot of the pool, if it has one (for tests of the slot protocol).</summary>
    internal ThreadSlot? CurrentThreadSlot => ThreadSlots.Find(this, _id);

    /// <summary>Flushes running now (for tests of the slot protocol).</summary>
    internal int FlushesUnderWay => Volatile.Read(ref _flushers);

    private PoolStripe CurrentStripe => _stripes[Thread.GetCurrentProcessorId() % _stripes.Length];

    private bool BudgetHasWaiters => _cachingBudget is { HasWaiters: true };

    /// <inheritdoc />
    public bool TryRent(long bytes, [NotNullWhen(true)] out IBufferLease? lease)
    {
        if (_threadTier && ResumeFromThreadSlot(bytes) is { } again)
        {
            lease = again;
            return true;
        }

        var cost = CheckRequest(bytes);
        if (_threadTier && TakeFromThreadSlot(bytes, cost) is { } own)
        {
            lease = own;
            return true;
        }

        var stripe = CurrentStripe;
        if (TakeParkedOrCredit(stripe, bytes, cost, out var paid) is { } parked)
        {
            lease = parked;
            return true;
        }

        if (!paid && !TryReserve(stripe, cost))
        {
            Interlocked.Increment(ref stripe.RefusedCount);
            lease = null;
            return false;
        }

        if (CreateLeaseOrRefund(stripe, bytes, cost) is { } created)
        {
            lease = created;
            return true;
        }

        return FallbackFor(stripe, bytes).TryRent(bytes, out lease);
    }

    /// <inheritdoc />
    public ValueTask<IBufferLease> RentAsync(long bytes, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_threadTier && ResumeFromThreadSlot(bytes) is { } again)
        {
            return ValueTask.FromResult<IBufferLease>(again);
        }

        var cost = CheckRequest(bytes);
        if (_threadTier && TakeFromThreadSlot(bytes, cost) is { } own)
        {
            return ValueTask.FromResult<IBufferLease>(own);
        }

        var stripe = CurrentStripe;
        if (TakeParkedOrCredit(stripe, bytes, cost, out var paid) is { } parked)
        {
            return ValueTask.FromResult<IBufferLease>(parked);
        }

        if (!paid && !TryReserve(stripe, cost))
        {
            return ReserveThenRentAsync(bytes, cost, cancellationToken);
        }

        if (CreateLeaseOrRefund(stripe, bytes, cost) is { } created)
        {
            return ValueTask.FromResult<IBufferLease>(created);
        }

        return FallbackFor(stripe, bytes).RentAsync(bytes, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _cachingBudget?.RemoveCache(this);
            ((IBudgetCache)this).Flush();
            Dispose(true);
            GC.SuppressFinalize(this);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"pool '{Name}' ({Kind}): {ByteSize.Format(Statistics.OutstandingBytes)} in {Statistics.OutstandingLeases} leases out, peak {ByteSize.Format(Statistics.PeakOutstandingBytes)}";

    /// <inheritdoc />
    long IBudgetCache.Flush()
    {
        long released = 0;
        List<PooledLease>? parked = null;
        if (_threadTier)
        {
            parked = TakeFromThreadSlots(capacity: 0);
            released += parked.Sum(l => l.ReservedBytes);
        }

        foreach (var stripe in _stripes)
        {
            lock (stripe.Gate)
            {
                if (stripe.SlackBytes > 0 || stripe.HasParked)
                {
                    released += stripe.TakeAll(parked ??= []);
                }
            }
        }

        parked?.ForEach(l => Discard(l, reuseObject: true));
        if (released > 0)
        {
            ReleaseReservation(released);
        }

        return released;
    }

    /// <summary>Bytes a request of <paramref name="bytes"/> costs the budget when it is rented (with the pool's
    /// rounding; 0 where the memory was paid for with the pool).</summary>
    private protected abstract long CostOf(long bytes);

    /// <summary>Makes a lease of <paramref name="bytes"/> whose <paramref name="cost"/> is already reserved, or null
    /// when this pool cannot serve the request now and it goes to <see cref="Fallback"/>.</summary>
    private protected abstract PooledLease? CreateLease(long bytes, long cost);

    /// <summary>The <see cref="PooledLease.ReuseCapacity"/> a parked lease needs to serve a request, or 0 when no
    /// parked lease can.</summary>
    private protected virtual long ParkedCapacityFor(long bytes, long cost) => 0;

    /// <summary>Takes back the memory of a lease that is not parked any more (back to the kind's own store, or freed);
    /// the lease object itself may be reused only when <paramref name="reuseObject"/>.</summary>
    private protected abstract void Discard(PooledLease lease, bool reuseObject);

    /// <summary>Where requests go that <see cref="CreateLease"/> declines; a pool that never declines has none.</summary>
    private protected virtual IBufferPool? Fallback => null;

    /// <summary>Frees what the pool retains.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>
    /// Lets the stripes reserve <paramref name="quantum"/> at a time and keep up to two quanta each; 0 keeps exact
    /// accounting. Budget can only be cached where a <see cref="MemoryBudget"/> can ask for it back.
    /// </summary>
    private protected void EnableCaching(long quantum)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantum);
        if (quantum == 0 || Budget is not MemoryBudget budget)
        {
            return;
        }

        _quantum = quantum;
        _slackCap = 2 * quantum;
        _threadTier = _parks;
        _cachingBudget = budget;
        budget.AddCache(this);
    }

    /// <summary>Lets each thread park one lease for itself, for a kind whose leases cost the budget nothing when rented
    /// (a slab pool); caching pools get this tier with <see cref="EnableCaching"/>.</summary>
    private protected void EnableThreadSlots() => _threadTier = _parks;

    /// <summary>A lease of <paramref name="capacity"/> parked in any thread's slot, claimed from it (for a kind whose
    /// leases are all paid for up front, so that one thread can use what another returned). It costs what a flush
    /// costs, so it comes after every other source.</summary>
    private protected PooledLease? ClaimParkedFromAnyThread(long capacity)
    {
        if (TakeFromThreadSlots(capacity) is not [var lease])
        {
            return null;
        }

        lease.Claim();
        return lease;
    }

    /// <summary>Counts budget the pool holds for its leases outside its stripes' reservations (a slab pool's slabs put
    /// into use), so that the peak covers them.</summary>
    private protected void CountHolding(long bytes) =>
        InterlockedMaximum.Raise(ref _peakHoldingBytes, Interlocked.Add(ref _holdingBytes, bytes));

    /// <summary>A lease of <paramref name="capacity"/> parked on any core's stripe (for a kind whose leases are all
    /// paid for up front, so that one core can use what another returned).</summary>
    private protected PooledLease? TakeParkedFromAnyStripe(long capacity)
    {
        foreach (var stripe in _stripes)
        {
            lock (stripe.Gate)
            {
                if (stripe.TakeReady(capacity) is { } lease)
                {
                    return lease;
                }
            }
        }

        return null;
    }

    /// <summary>Called by a lease when its memory comes back: parks it on this core's stripe, or keeps its charge as
    /// credit, or gives the charge back to the budget.</summary>
    internal void Return(PooledLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lease.MarkIdle();
        if (!_threadTier || !ParkInThreadSlot(lease))
        {
            ReturnToStripe(lease);
        }
    }

    // Kept out of Return so that the thread-slot path stays small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReturnToStripe(PooledLease lease)
    {
        var charge = lease.ReservedBytes;
        var held = lease.HeldBytes;
        var capacity = lease.ReuseCapacity;
        var stripe = CurrentStripe;
        var parked = false;
        var release = charge;
        lock (stripe.Gate)
        {
            stripe.OutstandingBytes -= held;
            stripe.OutstandingLeases--;
            if (CanKeep(stripe, charge))
            {
                if (capacity > 0 && stripe.HasRoomToPark)
                {
                    stripe.Park(lease, charge);
                    parked = true;
                }
                else
                {
                    stripe.Credit += charge;
                }

                release = 0;
            }
        }

        if (!parked)
        {
            Discard(lease, reuseObject: true);
        }

        if (release > 0)
        {
            ReleaseReservation(release);
        }
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
        if (cost > _budgetLimit && bytes <= _budgetLimit)
        {
            throw new MemoryBudgetExceededException($"pool '{Name}' rounds a request for {ByteSize.Format(bytes)} up to {ByteSize.Format(cost)}, more than budget '{Budget.Name}' of {ByteSize.Format(Budget.LimitBytes)}")
            {
                RequestedBytes = cost,
                LimitBytes = Budget.LimitBytes,
            };
        }

        return cost;
    }

    // The fast path: a parked lease of the right size, restarted and counted under this stripe's lock only; otherwise
    // the stripe's credit pays for the request if it can.
    private PooledLease? TakeParkedOrCredit(PoolStripe stripe, long bytes, long cost, out bool paid)
    {
        paid = cost == 0;
        var capacity = ParkedCapacityFor(bytes, cost);
        if (capacity == 0 && (paid || _quantum == 0))
        {
            return null;
        }

        lock (stripe.Gate)
        {
            if (capacity > 0 && stripe.TakeReady(capacity) is { } parked)
            {
                parked.Claim();
                parked.Restart(bytes, cost);
                stripe.CountRent(parked.HeldBytes);
                paid = true;
                return parked;
            }

            if (!paid && stripe.Credit >= cost)
            {
                stripe.Credit -= cost;
                paid = true;
            }
        }

        return null;
    }

    // The fastest path: the lease this thread parked last, for a request of the length it had, so that neither the
    // request nor the lease needs checking again (the pool cannot have been disposed: that empties every slot first).
    private PooledLease? ResumeFromThreadSlot(long bytes)
    {
        if (ThreadSlots.Find(this, _id) is not { Lease: { } parked } slot || parked.Length != bytes || !TryUnpark(slot, parked))
        {
            return null;
        }

        parked.Resume();
        CountRent(slot, parked.HeldBytes);
        return parked;
    }

    // The lease this thread parked, restarted for a checked request of another length that it can serve.
    private PooledLease? TakeFromThreadSlot(long bytes, long cost)
    {
        if (ThreadSlots.Find(this, _id) is not { Lease: { } parked } slot
            || parked.ReuseCapacity != ParkedCapacityFor(bytes, cost)
            || !TryUnpark(slot, parked))
        {
            return null;
        }

        parked.Claim();
        parked.Restart(bytes, cost);
        CountRent(slot, parked.HeldBytes);
        return parked;
    }

    private static void CountRent(ThreadSlot slot, long held)
    {
        slot.RentedBytes += held;
        slot.RentCount++;
    }

    // Takes this thread's parked lease out of its slot, with plain writes only. The owner marks itself busy, then reads
    // the flush flag; a flush raises the flag, then runs a process-wide barrier, then waits for the owner to be idle.
    // The barrier orders the two: either the owner sees the flag and leaves the slot alone, or the flush sees the
    // owner busy and waits until it is done (docs/adr/0014).
    private bool TryUnpark(ThreadSlot slot, PooledLease parked)
    {
        Volatile.Write(ref slot.Busy, 1);
        var taken = Volatile.Read(ref _flushers) == 0 && ReferenceEquals(slot.Lease, parked);
        if (taken)
        {
            slot.Lease = null;
        }

        Volatile.Write(ref slot.Busy, 0);
        return taken;
    }

    // Parks a returned lease in this thread's slot if it has one, with plain writes (see TryUnpark); not while a flush
    // runs, a stage waits for budget, or the pool is disposed: those want the bytes back. A lease of another size
    // parked there gives way and goes to this core's stripe, so that a thread that moves on to another size keeps its
    // fast path; one of the same size keeps the slot.
    private bool ParkInThreadSlot(PooledLease lease)
    {
        var charge = lease.ReservedBytes;
        if (lease.ReuseCapacity == 0 || charge > _quantum)
        {
            return false;
        }

        var slot = ThreadSlots.Find(this, _id) ?? TakeThreadSlot();
        var displaced = slot.Lease;
        if (slot.Owner is null || displaced?.ReuseCapacity == lease.ReuseCapacity)
        {
            return false;
        }

        Volatile.Write(ref slot.Busy, 1);
        var parks = Volatile.Read(ref _flushers) == 0 && !IsDisposed && (charge == 0 || !BudgetHasWaiters)
            && ReferenceEquals(slot.Lease, displaced);
        if (parks)
        {
            slot.ReturnedBytes += lease.HeldBytes;
            slot.ReturnCount++;
            lease.MarkParked();
            slot.Lease = lease;
        }

        Volatile.Write(ref slot.Busy, 0);
        if (parks && displaced is not null)
        {
            MoveToStripe(displaced);
        }

        return parks;
    }

    // A lease that left a thread's slot without being rented: parked on this core's stripe while it has room, else
    // given back to the kind's store with its charge. The slot counted it as returned already.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void MoveToStripe(PooledLease lease)
    {
        lease.MarkIdle();
        var charge = lease.ReservedBytes;
        var stripe = CurrentStripe;
        lock (stripe.Gate)
        {
            if (stripe.HasRoomToPark && CanKeep(stripe, charge))
            {
                stripe.Park(lease, charge);
                return;
            }
        }

        Discard(lease, reuseObject: true);
        if (charge > 0)
        {
            ReleaseReservation(charge);
        }
    }

    // Takes the leases parked in the threads' slots (of one capacity, at most one of them, or all when it is 0),
    // with the protocol described at TryUnpark. Slots created meanwhile are covered: a thread reads the flag after
    // it has published its slot.
    private List<PooledLease> TakeFromThreadSlots(long capacity)
    {
        var taken = new List<PooledLease>();
        Interlocked.Increment(ref _flushers);
        try
        {
            Interlocked.MemoryBarrierProcessWide();
            foreach (var slot in Volatile.Read(ref _slots))
            {
                var spin = default(SpinWait);
                while (Volatile.Read(ref slot.Busy) != 0)
                {
                    spin.SpinOnce();
                }

                if (Volatile.Read(ref slot.Lease) is { } lease
                    && (capacity == 0 || lease.ReuseCapacity == capacity)
                    && ReferenceEquals(Interlocked.CompareExchange(ref slot.Lease, null, lease), lease))
                {
                    lease.MarkIdle();
                    taken.Add(lease);
                    if (capacity > 0)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _flushers);
        }

        return taken;
    }

    // This thread's slot: the one it had, a new one while there are fewer than PoolCharges.ThreadSlots, or that of a
    // thread that has ended; otherwise a marker that sends the thread to the stripes.
    private ThreadSlot TakeThreadSlot()
    {
        var me = Thread.CurrentThread;
        ThreadSlot? slot;
        lock (_slotsLock)
        {
            slot = Array.Find(_slots, s => s.Owner == me);
            if (slot is null && _slots.Length < MaxThreadSlots)
            {
                slot = new ThreadSlot(this, me);
                Volatile.Write(ref _slots, [.. _slots, slot]);
            }

            slot ??= Array.Find(_slots, s => s.Owner is { IsAlive: false });
            if (slot is not null && slot.Owner != me)
            {
                // The thread that ended is not in its window any more, so only a flush can race for the lease.
                if (Interlocked.Exchange(ref slot.Lease, null) is { } orphan)
                {
                    orphan.MarkIdle();
                    Discard(orphan, reuseObject: true);
                    ReleaseReservation(orphan.ReservedBytes);
                }

                slot.Owner = me;
            }
        }

        slot ??= _noSlot;
        ThreadSlots.Remember(_id, slot);
        return slot;
    }

    // Reserves the request, a whole quantum when it is smaller and no one waits (the rest becomes this stripe's
    // credit). Only a reservation of exactly the cost may make the budget empty other pools' caches.
    private bool TryReserve(PoolStripe stripe, long cost)
    {
        if (cost < _quantum && !BudgetHasWaiters && _cachingBudget!.TryReserveWithoutFlushing(_quantum))
        {
            CountHolding(_quantum);
            Refund(stripe, _quantum - cost);
            return true;
        }

        if (!Budget.TryReserve(cost))
        {
            return false;
        }

        CountHolding(cost);
        return true;
    }

    private async ValueTask<IBufferLease> ReserveThenRentAsync(long bytes, long cost, CancellationToken cancellationToken)
    {
        await Budget.ReserveAsync(cost, cancellationToken).ConfigureAwait(false);
        CountHolding(cost);
        var stripe = CurrentStripe;
        if (CreateLeaseOrRefund(stripe, bytes, cost) is { } created)
        {
            return created;
        }

        return await FallbackFor(stripe, bytes).RentAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    // Creates the lease whose cost is paid, and gives the cost back if creating fails or declines.
    private PooledLease? CreateLeaseOrRefund(PoolStripe stripe, long bytes, long cost)
    {
        PooledLease? lease;
        try
        {
            lease = CreateLease(bytes, cost);
        }
        catch
        {
            Refund(stripe, cost);
            throw;
        }

        if (lease is null)
        {
            Refund(stripe, cost);
            return null;
        }

        lock (stripe.Gate)
        {
            stripe.CountRent(lease.HeldBytes);
        }

        return lease;
    }

    // Paid-for bytes no lease uses: kept as the stripe's credit while it has room and no one waits, else released.
    private void Refund(PoolStripe stripe, long bytes)
    {
        if (bytes == 0)
        {
            return;
        }

        lock (stripe.Gate)
        {
            if (CanKeep(stripe, bytes))
            {
                stripe.Credit += bytes;
                return;
            }
        }

        ReleaseReservation(bytes);
    }

    // Whether a stripe may keep bytes reserved for later instead of releasing them (caller holds its lock): never in a
    // disposed pool, and charged bytes only while no one waits and the stripe is under its cap.
    private bool CanKeep(PoolStripe stripe, long bytes) =>
        !IsDisposed && (bytes == 0 || (!BudgetHasWaiters && stripe.SlackBytes + bytes <= _slackCap));

    private void ReleaseReservation(long bytes)
    {
        Interlocked.Add(ref _holdingBytes, -bytes);
        Budget.Release(bytes);
    }

    private IBufferPool FallbackFor(PoolStripe stripe, long bytes)
    {
        var fallback = Fallback ?? throw new InvalidOperationException($"pool '{Name}' declined a request for {ByteSize.Format(bytes)} and has no fallback");
        Interlocked.Increment(ref stripe.FallbackCount);
        return fallback;
    }
}
