using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Memory;

/// <summary>
/// Base of every lease a pool hands out. Lease objects are recycled by their pool, so <see cref="Activate"/> starts
/// each rental. Sharing is reference counted through <see cref="SharedLeaseHandle"/>; the memory goes back when the
/// last handle (this one included) is disposed.
/// </summary>
internal abstract class PooledLease : IBufferLease
{
    /// <summary>Segments of segmented leases are this long (all but the last).</summary>
    public const int SegmentBytes = 1 << 30;

    private const int Idle = 0;
    private const int Active = 1;
    private const int Disposed = 2;

    // Parked in a thread's slot, and taken from a slot or a stripe by the one thread that may start it again.
    private const int Parked = 3;
    private const int Claimed = 4;

    private LeaseHotFields _hot;

    /// <inheritdoc />
    public long Length => _hot.Length;

    /// <summary>Bytes charged to the budget for this lease (may exceed <see cref="Length"/> by the pool's rounding);
    /// 0 for a slab, whose memory was paid for with its pool.</summary>
    public long ReservedBytes => _hot.ReservedBytes;

    /// <summary>Bytes the lease holds, as the pool's statistics count them (a whole slab for a slab).</summary>
    public long HeldBytes => _hot.HeldBytes;

    /// <inheritdoc />
    public abstract LeaseOwnership Ownership { get; }

    /// <inheritdoc />
    public abstract MemoryKind Kind { get; }

    /// <inheritdoc />
    public abstract string PoolName { get; }

    /// <inheritdoc />
    public bool IsContiguous => SegmentCount == 1;

    /// <inheritdoc />
    public int SegmentCount => Length <= SegmentBytes ? 1 : (int)((Length + SegmentBytes - 1) / SegmentBytes);

    /// <inheritdoc />
    public Memory<byte> Memory
    {
        get
        {
            ThrowIfNotActive();
            return IsContiguous ? GetSegmentUnchecked(0) : throw Segmented();
        }
    }

    /// <inheritdoc />
    public Span<byte> Span
    {
        get
        {
            ThrowIfNotActive();
            return IsContiguous ? GetFirstSpanUnchecked() : throw Segmented();
        }
    }

    /// <inheritdoc />
    public bool IsExclusive => _hot.Shares is not { } shares || shares.Handles == 1;

    /// <summary>True between renting and disposing.</summary>
    public bool IsActive => Volatile.Read(ref _hot.State) == Active;

    /// <summary>True when the pool has the lease object back (no handle of it is alive).</summary>
    public bool IsIdle => Volatile.Read(ref _hot.State) == Idle;

    /// <inheritdoc />
    public Memory<byte> GetSegment(int index)
    {
        ThrowIfNotActive();
        return GetSegmentUnchecked(index);
    }

    /// <inheritdoc />
    public bool TryGetPointer(out nint pointer)
    {
        ThrowIfNotActive();
        return TryGetPointerUnchecked(out pointer);
    }

    /// <inheritdoc />
    public IBufferLease Share()
    {
        ThrowIfNotActive();
        var shares = _hot.Shares;
        if (shares is null)
        {
            shares = new LeaseShareGroup();
            shares = Interlocked.CompareExchange(ref _hot.Shares, shares, null) ?? shares;
        }

        shares.AddHandle();
        return new SharedLeaseHandle(this, shares);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.CompareExchange(ref _hot.State, Disposed, Active) != Active)
        {
            return;
        }

        var shares = _hot.Shares;
        if (shares is null || shares.ReleaseHandle())
        {
            ReleaseMemory();
        }
    }

    /// <summary>Starts a rental of <paramref name="length"/> bytes charged as <paramref name="reservedBytes"/>, holding
    /// <paramref name="heldBytes"/> (by default what it is charged).</summary>
    protected void Activate(long length, long reservedBytes, long? heldBytes = null)
    {
        if (Volatile.Read(ref _hot.State) == Claimed)
        {
            // Only the thread that claimed it sees this state: no other can race the write.
            Volatile.Write(ref _hot.State, Active);
        }
        else if (Interlocked.CompareExchange(ref _hot.State, Active, Idle) != Idle)
        {
            throw new InvalidOperationException("a pool handed out a lease object that was still in use");
        }

        _hot.Length = length;
        _hot.ReservedBytes = reservedBytes;
        _hot.HeldBytes = heldBytes ?? reservedBytes;
        _hot.Shares = null;
    }

    /// <summary>The size of request this lease can serve again with the memory it keeps, once returned; 0 when it must
    /// not be parked for reuse. A field, not a computation: every return reads it.</summary>
    internal long ReuseCapacity
    {
        get => _hot.ReuseCapacity;
        private protected set => _hot.ReuseCapacity = value;
    }

    /// <summary>Starts a new rental of a parked lease with the memory it kept.</summary>
    internal abstract void Restart(long length, long cost);

    /// <summary>Marks the lease object reusable; called by the pool when it takes the memory back.</summary>
    internal void MarkIdle() => Volatile.Write(ref _hot.State, Idle);

    /// <summary>Marks an idle lease taken by the caller alone (from its stripe or its thread's slot) for
    /// <see cref="Restart"/>.</summary>
    internal void Claim() => Volatile.Write(ref _hot.State, Claimed);

    /// <summary>Marks an idle lease as parked in a thread's slot.</summary>
    internal void MarkParked() => Volatile.Write(ref _hot.State, Parked);

    /// <summary>Starts a lease taken from its thread's slot again for the same length and charge, with the memory it
    /// kept: nothing of the lease changes but its state.</summary>
    internal void Resume()
    {
        _hot.Shares = null;
        Volatile.Write(ref _hot.State, Active);
    }

    /// <summary>Gives the memory back to the pool (called once, when the last handle is disposed).</summary>
    protected abstract void ReleaseMemory();

    /// <summary>Segment <paramref name="index"/>, without state checks.</summary>
    protected internal abstract Memory<byte> GetSegmentUnchecked(int index);

    /// <summary>The first segment as a span, without state checks; kinds that can build it directly override this.</summary>
    protected internal virtual Span<byte> GetFirstSpanUnchecked() => GetSegmentUnchecked(0).Span;

    /// <summary>The address of the first byte, if the memory never moves.</summary>
    protected internal abstract bool TryGetPointerUnchecked(out nint pointer);

    /// <summary>Called by a share handle when the last handle goes.</summary>
    internal void ReleaseFromShare() => ReleaseMemory();

    private void ThrowIfNotActive()
    {
        if (Volatile.Read(ref _hot.State) != Active)
        {
            ThrowDisposed();
        }
    }

    // The throws are kept out of line so that the members every rent calls stay small enough to inline.
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowDisposed() => throw new ObjectDisposedException(GetType().Name, $"this lease from pool '{PoolName}' was disposed");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private NotSupportedException Segmented() =>
        new($"this lease of {ByteSize.Format(Length)} has {SegmentCount} segments; use GetSegment");
}
