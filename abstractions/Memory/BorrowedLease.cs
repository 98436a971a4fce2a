namespace Conduit.Abstractions.Memory;

/// <summary>
/// A lease over memory that its creator keeps owning: zero copy. Disposing ends the view and frees nothing, so the
/// creator must keep the memory alive and unchanged until every holder has disposed its lease.
/// </summary>
public sealed class BorrowedLease : IBufferLease
{
    private readonly Memory<byte> _memory;
    private readonly ShareCount _shares;
    private int _disposed;

    /// <summary>Wraps <paramref name="memory"/> without copying it.</summary>
    public BorrowedLease(Memory<byte> memory)
        : this(memory, new ShareCount())
    {
    }

    private BorrowedLease(Memory<byte> memory, ShareCount shares)
    {
        _memory = memory;
        _shares = shares;
        Interlocked.Increment(ref shares.Count);
    }

    /// <inheritdoc />
    public long Length => _memory.Length;

    /// <inheritdoc />
    public LeaseOwnership Ownership => LeaseOwnership.Borrowed;

    /// <inheritdoc />
    public MemoryKind Kind => MemoryKind.Managed;

    /// <inheritdoc />
    public string PoolName => "borrowed";

    /// <inheritdoc />
    public bool IsContiguous => true;

    /// <inheritdoc />
    public Memory<byte> Memory
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _memory;
        }
    }

    /// <inheritdoc />
    public Span<byte> Span => Memory.Span;

    /// <inheritdoc />
    public int SegmentCount => 1;

    /// <inheritdoc />
    public bool IsExclusive => Volatile.Read(ref _shares.Count) == 1;

    /// <inheritdoc />
    public Memory<byte> GetSegment(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(index, 0);
        return Memory;
    }

    /// <inheritdoc />
    public bool TryGetPointer(out nint pointer)
    {
        pointer = 0;
        return false;
    }

    /// <inheritdoc />
    public IBufferLease Share()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new BorrowedLease(_memory, _shares);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Interlocked.Decrement(ref _shares.Count);
        }
    }

    private sealed class ShareCount
    {
#pragma warning disable SA1401, CA1051 // a plain field so that Interlocked can update it
        public int Count;
#pragma warning restore SA1401, CA1051
    }
}
