using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Memory;

/// <summary>A lease of managed arrays from a <see cref="ManagedBufferPool"/>.</summary>
internal sealed class ManagedLease : PooledLease
{
    private readonly ManagedBufferPool _pool;
    private byte[]? _array;
    private byte[][]? _segments;

    public ManagedLease(ManagedBufferPool pool) => _pool = pool;

    public override LeaseOwnership Ownership => LeaseOwnership.Owned;

    public override MemoryKind Kind => MemoryKind.Managed;

    public override string PoolName => _pool.Name;

    public void Start(long length, long cost, byte[]? array, byte[][]? segments)
    {
        _array = array;
        _segments = segments;
        Activate(length, cost);
    }

    public void Reset()
    {
        _array = null;
        _segments = null;
        MarkIdle();
    }

    protected override void ReleaseMemory() => _pool.Return(this, _array);

    protected internal override Memory<byte> GetSegmentUnchecked(int index)
    {
        if (_segments is { } segments)
        {
            return segments[index];
        }

        ArgumentOutOfRangeException.ThrowIfNotEqual(index, 0);
        return _array.AsMemory(0, (int)Length);
    }

    protected internal override bool TryGetPointerUnchecked(out nint pointer)
    {
        pointer = 0;
        return false;
    }
}
