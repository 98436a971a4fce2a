using System.Numerics;
using System.Runtime.InteropServices;
using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Memory;

/// <summary>
/// Aligned native memory that never moves: its leases give a pointer for P/Invoke and DMA. Blocks up to
/// <see cref="PinnedBufferPoolOptions.MaxPooledBlockBytes"/> are rounded to a power of two (at least one alignment
/// unit) and kept for reuse, with their lease objects, up to <see cref="PinnedBufferPoolOptions.MaxRetainedBytes"/>,
/// besides those parked on each core's stripe (docs/adr/0014).
/// </summary>
public sealed unsafe class PinnedBufferPool : BufferPool
{
    private const int ParkedPerStripe = 8;

    private readonly PinnedBufferPoolOptions _options;
    private readonly Dictionary<long, Stack<NativeLease>> _idle = [];
    private readonly Lock _idleLock = new();
    private long _retainedBytes;

    /// <summary>Creates a pool drawing on <paramref name="budget"/>.</summary>
    public PinnedBufferPool(string name, IMemoryBudget budget, PinnedBufferPoolOptions? options = null)
        : base(name, MemoryKind.PinnedNative, budget, options?.RecycleLeaseObjects == false ? 0 : ParkedPerStripe)
    {
        _options = options ?? new PinnedBufferPoolOptions();
        if (_options.Alignment < 64 || !BitOperations.IsPow2(_options.Alignment))
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.Alignment, "alignment must be a power of two of at least 64 bytes");
        }

        MaxLeaseBytes = Math.Min(_options.MaxLeaseBytes ?? long.MaxValue, budget.LimitBytes);
        EnableCaching(_options.CacheQuantumBytes ?? PoolCharges.CacheQuantum(budget.LimitBytes));
    }

    /// <summary>Alignment of every block's address.</summary>
    public int Alignment => _options.Alignment;

    /// <inheritdoc />
    public override long MaxLeaseBytes { get; }

    /// <summary>Bytes held in idle blocks for reuse.</summary>
    public long RetainedBytes => Volatile.Read(ref _retainedBytes);

    /// <inheritdoc />
    private protected override long CostOf(long bytes) => PoolCharges.Pinned(bytes, _options.Alignment, _options.MaxPooledBlockBytes);

    /// <inheritdoc />
    private protected override PooledLease CreateLease(long bytes, long cost)
    {
        var lease = TakeIdle(cost);
        if (lease is null)
        {
            var block = (byte*)NativeMemory.AlignedAlloc((nuint)cost, (nuint)_options.Alignment);
            lease = new NativeLease(this, block, cost, cost <= _options.MaxPooledBlockBytes);
        }

        lease.Start(bytes, cost);
        return lease;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        lock (_idleLock)
        {
            foreach (var stack in _idle.Values)
            {
                while (stack.TryPop(out var lease))
                {
                    lease.Free();
                }
            }

            _idle.Clear();
            _retainedBytes = 0;
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    private protected override long ParkedCapacityFor(long bytes, long cost) => cost <= _options.MaxPooledBlockBytes ? cost : 0;

    /// <inheritdoc />
    private protected override void Discard(PooledLease lease, bool reuseObject) => Keep((NativeLease)lease, reuseObject);

    private void Keep(NativeLease lease, bool reuseObject)
    {
        if (reuseObject && _options.RecycleLeaseObjects && !IsDisposed && lease.Capacity <= _options.MaxPooledBlockBytes)
        {
            lock (_idleLock)
            {
                if (!IsDisposed && _retainedBytes + lease.Capacity <= _options.MaxRetainedBytes)
                {
                    if (!_idle.TryGetValue(lease.Capacity, out var stack))
                    {
                        _idle[lease.Capacity] = stack = new Stack<NativeLease>();
                    }

                    stack.Push(lease);
                    _retainedBytes += lease.Capacity;
                    return;
                }
            }
        }

        lease.Free();
    }

    private NativeLease? TakeIdle(long capacity)
    {
        lock (_idleLock)
        {
            if (_idle.TryGetValue(capacity, out var stack) && stack.TryPop(out var lease))
            {
                _retainedBytes -= capacity;
                return lease;
            }
        }

        return null;
    }
}
