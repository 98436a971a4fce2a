using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Memory;

/// <summary>A lease of managed arrays from a <see cref="ManagedBufferPool"/>.</summary>
internal sealed class ManagedLease : PooledLease
{
    private readonly ManagedBufferPool _pool;
    private byte[]? _array;
    private byte[][]? _segments;
    private bool _pooled;

    public ManagedLease(ManagedBufferPool pool) => _pool = pool;

    public override LeaseOwnership Ownership => LeaseOwnership.Owned;

    public override MemoryKind Kind => MemoryKind.Managed;

    public override string PoolName => _pool.Name;

    /// <summary>The single array, while the lease holds one.</summary>
    public byte[]? Array => _array;

    /// <summary>True when the array came from the pool's size classes and goes back there.</summary>
    public bool IsPooled => _pooled;

    /// <summary>Starts a rental; <paramref name="pooled"/> when the array came from the pool's size classes.</summary>
    public void Start(long length, long cost, byte[]? array, byte[][]? segments, bool pooled)
    {
        _array = array;
        _segments = segments;
        _pooled = pooled;
        Activate(length, cost);

        // Only an array exactly the size it is charged for may serve the next rent of that size: the size classes can
        // hand out a larger array when a class is empty, and parking that one would lend more than was reserved.
        ReuseCapacity = pooled && array is not null && array.Length == cost ? cost : 0;
    }

    internal override void Restart(long length, long cost) => Activate(length, cost);

    /// <summary>Lets go of the memory (the pool has taken it back).</summary>
    public void Detach()
    {
        _array = null;
        _segments = null;
        _pooled = false;
        ReuseCapacity = 0;
    }

    protected override void ReleaseMemory() => _pool.Return(this);

    protected internal override Memory<byte> GetSegmentUnchecked(int index)
    {
        if (_segments is { } segments)
        {
            return segments[index];
        }

        ArgumentOutOfRangeException.ThrowIfNotEqual(index, 0);
        return _array.AsMemory(0, (int)Length);
    }

    protected internal override Span<byte> GetFirstSpanUnchecked() =>
        _segments is { } segments ? segments[0] : _array.AsSpan(0, (int)Length);

    protected internal override bool TryGetPointerUnchecked(out nint pointer)
    {
        pointer = 0;
        return false;
    }
}
