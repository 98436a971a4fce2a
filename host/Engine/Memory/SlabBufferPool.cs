using System.Runtime.InteropServices;
using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Memory;

/// <summary>
/// N preallocated fixed-size buffers (the DICOS SDK's custom memory manager, made thread-safe). The whole
/// <c>count × slabBytes</c> is reserved from the budget when the pool is created and held until it is disposed.
/// A returned slab is parked in its thread's slot, or on its core's stripe; a rent takes one from its own thread or
/// core, then from another core, then one never used yet, then one another thread parked. A request larger than a slab, or one that arrives when every slab is out, goes to the fallback
/// pool and is counted in <see cref="BufferPoolStatistics.FallbackCount"/>; renting a slab allocates nothing. The peak
/// counts the slabs ever put into use at once.
/// </summary>
public sealed unsafe class SlabBufferPool : BufferPool
{
    private const int SlabAlignment = 4096;

    private readonly SlabLease[] _slabs;
    private readonly Stack<SlabLease> _unused;
    private readonly Lock _unusedLock = new();
    private readonly IBufferPool _fallback;
    private readonly long _reservedBytes;
    private readonly long _maxLeaseBytes;

    /// <summary>Creates the pool and allocates its slabs.</summary>
    /// <exception cref="MemoryBudgetExceededException">The slabs do not fit the budget now.</exception>
    public SlabBufferPool(string name, IMemoryBudget budget, int slabBytes, int count, IBufferPool fallback)
        : base(name, MemoryKind.Slab, budget, count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slabBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(fallback);
        ArgumentNullException.ThrowIfNull(budget);
        SlabBytes = slabBytes;
        _fallback = fallback;
        _maxLeaseBytes = Math.Max(slabBytes, fallback.MaxLeaseBytes);
        _reservedBytes = (long)slabBytes * count;
        bool reserved;
        try
        {
            reserved = budget.TryReserve(_reservedBytes);
        }
        catch (MemoryBudgetExceededException)
        {
            reserved = false;
        }

        if (!reserved)
        {
            throw new MemoryBudgetExceededException($"slab pool '{name}' needs {count} × {ByteSize.Format(slabBytes)} = {ByteSize.Format(_reservedBytes)} but budget '{budget.Name}' has only {ByteSize.Format(budget.LimitBytes - budget.ReservedBytes)} free")
            {
                RequestedBytes = _reservedBytes,
                LimitBytes = budget.LimitBytes,
            };
        }

        _slabs = new SlabLease[count];
        _unused = new Stack<SlabLease>(count);
        for (var i = count - 1; i >= 0; i--)
        {
            var block = (byte*)NativeMemory.AlignedAlloc((nuint)slabBytes, SlabAlignment);
            NativeMemory.Clear(block, (nuint)slabBytes);
            _slabs[i] = new SlabLease(this, block, slabBytes);
            _unused.Push(_slabs[i]);
        }

        EnableThreadSlots();
    }

    /// <summary>Bytes in each slab.</summary>
    public int SlabBytes { get; }

    /// <summary>Number of slabs.</summary>
    public int SlabCount => _slabs.Length;

    /// <summary>Slabs not rented right now.</summary>
    public int FreeSlabs => SlabCount - (int)Statistics.OutstandingLeases;

    /// <inheritdoc />
    public override long MaxLeaseBytes => _maxLeaseBytes;

    /// <inheritdoc />
    private protected override IBufferPool Fallback => _fallback;

    /// <inheritdoc />
    /// <remarks>The slabs were reserved whole when the pool was created, so renting one costs nothing more.</remarks>
    private protected override long CostOf(long bytes) => 0;

    /// <inheritdoc />
    private protected override long ParkedCapacityFor(long bytes, long cost) => bytes <= SlabBytes ? SlabBytes : 0;

    /// <inheritdoc />
    /// <remarks>A slab parked on another core, never used yet, or parked by another thread, or null (the fallback serves) when the request is
    /// larger than a slab or every slab is out.</remarks>
    private protected override PooledLease? CreateLease(long bytes, long cost)
    {
        if (bytes > SlabBytes)
        {
            return null;
        }

        var slab = (SlabLease?)TakeParkedFromAnyStripe(SlabBytes);
        if (slab is null)
        {
            lock (_unusedLock)
            {
                if (_unused.TryPop(out slab))
                {
                    CountHolding(SlabBytes);
                }
            }

            slab ??= (SlabLease?)ClaimParkedFromAnyThread(SlabBytes);
            if (slab is null)
            {
                return null;
            }
        }

        slab.Start(bytes);
        return slab;
    }

    /// <inheritdoc />
    private protected override void Discard(PooledLease lease, bool reuseObject)
    {
        // A slab is never dropped: one retired from a thread's slot (no reference to it is left there) is idle again.
        var slab = (SlabLease)lease;
        slab.MarkIdle();
        lock (_unusedLock)
        {
            if (IsDisposed)
            {
                slab.Free();
                return;
            }

            _unused.Push(slab);
        }

        CountHolding(-SlabBytes);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        lock (_unusedLock)
        {
            foreach (var slab in _slabs)
            {
                // A slab still out (its holder, or a shared handle, has not disposed it) is freed when it comes back.
                if (slab.IsIdle)
                {
                    slab.Free();
                }
            }
        }

        Budget.Release(_reservedBytes);
        base.Dispose(disposing);
    }
}
