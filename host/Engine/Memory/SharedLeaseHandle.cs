using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Memory;

/// <summary>A second (third, …) handle to a <see cref="PooledLease"/>'s memory, made by <c>Share()</c>.</summary>
internal sealed class SharedLeaseHandle : IBufferLease
{
    private readonly PooledLease _owner;
    private readonly LeaseShareGroup _shares;
    private int _disposed;

    public SharedLeaseHandle(PooledLease owner, LeaseShareGroup shares)
    {
        _owner = owner;
        _shares = shares;
    }

    // The owner's length and segments stay fixed until the last handle returns the memory.
    public long Length => _owner.Length;

    public LeaseOwnership Ownership => _owner.Ownership;

    public MemoryKind Kind => _owner.Kind;

    public string PoolName => _owner.PoolName;

    public bool IsContiguous => _owner.IsContiguous;

    public int SegmentCount => _owner.SegmentCount;

    public Memory<byte> Memory
    {
        get
        {
            ThrowIfDisposed();
            return IsContiguous ? _owner.GetSegmentUnchecked(0) : throw new NotSupportedException("segmented lease; use GetSegment");
        }
    }

    public Span<byte> Span => Memory.Span;

    public bool IsExclusive => _shares.Handles == 1;

    public Memory<byte> GetSegment(int index)
    {
        ThrowIfDisposed();
        return _owner.GetSegmentUnchecked(index);
    }

    public bool TryGetPointer(out nint pointer)
    {
        ThrowIfDisposed();
        return _owner.TryGetPointerUnchecked(out pointer);
    }

    public IBufferLease Share()
    {
        ThrowIfDisposed();
        _shares.AddHandle();
        return new SharedLeaseHandle(_owner, _shares);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _shares.ReleaseHandle())
        {
            _owner.ReleaseFromShare();
        }
    }

    private void ThrowIfDisposed() =>
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
