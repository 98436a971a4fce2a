using System.Buffers;
using System.Numerics;
using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Memory;

/// <summary>
/// Managed arrays, capped by a budget (unlike <see cref="ArrayPool{T}.Shared"/>, which grows without limit).
/// Arrays up to <see cref="ManagedBufferPoolOptions.MaxPooledArrayBytes"/> come from a private
/// <see cref="ArrayPool{T}"/> in power-of-two size classes and are charged to the budget at their rounded size, which
/// is what they really hold; larger requests get exact arrays (1 GiB segments past 1 GiB) that are not kept.
/// Idle arrays kept for reuse are bounded by <see cref="ManagedBufferPoolOptions.MaxArraysPerSizeClass"/> per class,
/// besides those parked with their leases on each core's stripe (docs/adr/0014).
/// </summary>
public sealed class ManagedBufferPool : BufferPool
{
    private const int MaxRecycledLeases = 1024;
    private const int ParkedPerStripe = 8;

    private readonly ArrayPool<byte> _arrays;
    private readonly ManagedBufferPoolOptions _options;
    private readonly Stack<ManagedLease> _idleLeases = new();
    private readonly Lock _idleLock = new();

    /// <summary>Creates a pool drawing on <paramref name="budget"/>.</summary>
    public ManagedBufferPool(string name, IMemoryBudget budget, ManagedBufferPoolOptions? options = null)
        : base(name, MemoryKind.Managed, budget, options?.RecycleLeaseObjects == false ? 0 : ParkedPerStripe)
    {
        _options = options ?? new ManagedBufferPoolOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxPooledArrayBytes, PoolCharges.MinimumArrayBytes);
        if (!BitOperations.IsPow2(_options.MaxPooledArrayBytes))
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.MaxPooledArrayBytes, "MaxPooledArrayBytes must be a power of two (the size classes are)");
        }

        _arrays = ArrayPool<byte>.Create(_options.MaxPooledArrayBytes, _options.MaxArraysPerSizeClass);
        MaxLeaseBytes = Math.Min(_options.MaxLeaseBytes ?? long.MaxValue, budget.LimitBytes);
        EnableCaching(_options.CacheQuantumBytes ?? PoolCharges.CacheQuantum(budget.LimitBytes));
    }

    /// <inheritdoc />
    public override long MaxLeaseBytes { get; }

    /// <inheritdoc />
    private protected override long CostOf(long bytes) => PoolCharges.Managed(bytes, _options.MaxPooledArrayBytes);

    /// <inheritdoc />
    private protected override PooledLease CreateLease(long bytes, long cost)
    {
        var lease = TakeIdleLease() ?? new ManagedLease(this);
        if (bytes == 0)
        {
            lease.Start(0, 0, [], null, pooled: false);
        }
        else if (cost <= _options.MaxPooledArrayBytes)
        {
            lease.Start(bytes, cost, RentExactly((int)cost), null, pooled: true);
        }
        else if (bytes <= PooledLease.SegmentBytes)
        {
            lease.Start(bytes, cost, GC.AllocateUninitializedArray<byte>((int)bytes), null, pooled: false);
        }
        else
        {
            var segments = new byte[(int)((bytes + PooledLease.SegmentBytes - 1) / PooledLease.SegmentBytes)][];
            for (var i = 0; i < segments.Length; i++)
            {
                var remaining = bytes - ((long)i * PooledLease.SegmentBytes);
                segments[i] = GC.AllocateUninitializedArray<byte>((int)Math.Min(remaining, PooledLease.SegmentBytes));
            }

            lease.Start(bytes, cost, null, segments, pooled: false);
        }

        return lease;
    }

    /// <inheritdoc />
    private protected override long ParkedCapacityFor(long bytes, long cost) =>
        bytes > 0 && cost <= _options.MaxPooledArrayBytes ? cost : 0;

    /// <inheritdoc />
    private protected override void Discard(PooledLease lease, bool reuseObject)
    {
        var managed = (ManagedLease)lease;
        if (managed.IsPooled && !IsDisposed)
        {
            _arrays.Return(managed.Array!);
        }

        managed.Detach();
        if (reuseObject && _options.RecycleLeaseObjects && !IsDisposed)
        {
            lock (_idleLock)
            {
                if (_idleLeases.Count < MaxRecycledLeases)
                {
                    _idleLeases.Push(managed);
                }
            }
        }
    }

    // An array of exactly the class size: when a class is empty the size classes hand out the next larger one, which
    // would hold more than the lease is charged (ADR 3) and could not be parked for its own size (ADR 14).
    private byte[] RentExactly(int length)
    {
        var array = _arrays.Rent(length);
        if (array.Length == length)
        {
            return array;
        }

        _arrays.Return(array);
        return GC.AllocateUninitializedArray<byte>(length);
    }

    private ManagedLease? TakeIdleLease()
    {
        if (!_options.RecycleLeaseObjects)
        {
            return null;
        }

        lock (_idleLock)
        {
            return _idleLeases.TryPop(out var lease) ? lease : null;
        }
    }
}
