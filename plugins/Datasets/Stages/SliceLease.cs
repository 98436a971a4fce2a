using Conduit.Abstractions.Memory;

namespace Conduit.Plugins.Datasets.Stages;

/// <summary>Part of another lease, owning a share of it: disposing this disposes the share.</summary>
internal sealed class SliceLease(IBufferLease whole, int offset, int length) : IBufferLease
{
    private IBufferLease? _whole = whole;

    public long Length => length;

    public LeaseOwnership Ownership => Whole.Ownership;

    public MemoryKind Kind => Whole.Kind;

    public string PoolName => Whole.PoolName;

    public bool IsContiguous => true;

    public Memory<byte> Memory => Whole.Memory.Slice(offset, length);

    public Span<byte> Span => Memory.Span;

    public int SegmentCount => 1;

    // A part of a lease is never the whole of it, so never writable in place on its own.
    public bool IsExclusive => false;

    private IBufferLease Whole => _whole ?? throw new ObjectDisposedException(nameof(SliceLease));

    public Memory<byte> GetSegment(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(index, 0);
        return Memory;
    }

    public bool TryGetPointer(out nint pointer)
    {
        if (Whole.TryGetPointer(out var start))
        {
            pointer = start + offset;
            return true;
        }

        pointer = 0;
        return false;
    }

    public IBufferLease Share() => new SliceLease(Whole.Share(), offset, length);

    public void Dispose() => Interlocked.Exchange(ref _whole, null)?.Dispose();
}
