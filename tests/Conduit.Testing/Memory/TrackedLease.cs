using Conduit.Abstractions.Memory;

namespace Conduit.Testing.Memory;

/// <summary>A lease that tells its <see cref="LeakCheckingPool"/> when it is disposed.</summary>
internal sealed class TrackedLease : IBufferLease
{
    private readonly IBufferLease _inner;
    private readonly LeakCheckingPool _pool;
    private int _disposed;

    public TrackedLease(IBufferLease inner, LeakCheckingPool pool)
    {
        _inner = inner;
        _pool = pool;
    }

    public long Length => _inner.Length;

    public LeaseOwnership Ownership => _inner.Ownership;

    public MemoryKind Kind => _inner.Kind;

    public string PoolName => _inner.PoolName;

    public bool IsContiguous => _inner.IsContiguous;

    public Memory<byte> Memory => _inner.Memory;

    public Span<byte> Span => _inner.Span;

    public int SegmentCount => _inner.SegmentCount;

    public bool IsExclusive => _inner.IsExclusive;

    public Memory<byte> GetSegment(int index) => _inner.GetSegment(index);

    public bool TryGetPointer(out nint pointer) => _inner.TryGetPointer(out pointer);

    public IBufferLease Share() => _pool.Track(_inner.Share());

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _pool.Forget(this);
        }

        _inner.Dispose();
    }
}
