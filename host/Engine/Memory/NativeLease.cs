using System.Runtime.InteropServices;
using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Memory;

/// <summary>A lease of one aligned native block from a <see cref="PinnedBufferPool"/>; the block stays with the object.</summary>
internal sealed unsafe class NativeLease : PooledLease
{
    private readonly PinnedBufferPool _pool;
    private byte* _block;
    private UnmanagedMemoryManager[] _segments;

    public NativeLease(PinnedBufferPool pool, byte* block, long capacity, bool reusable)
    {
        _pool = pool;
        ReuseCapacity = reusable ? capacity : 0;
        _block = block;
        Capacity = capacity;
        _segments = [];
    }

    public long Capacity { get; }


    public override LeaseOwnership Ownership => LeaseOwnership.Owned;

    public override MemoryKind Kind => MemoryKind.PinnedNative;

    public override string PoolName => _pool.Name;

    public void Start(long length, long cost)
    {
        var count = length <= SegmentBytes ? 1 : (int)((length + SegmentBytes - 1) / SegmentBytes);
        if (_segments.Length != count)
        {
            _segments = new UnmanagedMemoryManager[count];
        }

        for (var i = 0; i < count; i++)
        {
            var offset = (long)i * SegmentBytes;
            var segmentLength = (int)Math.Min(length - offset, SegmentBytes);
            if (_segments[i] is { } manager)
            {
                manager.Reset(_block + offset, segmentLength);
            }
            else
            {
                _segments[i] = new UnmanagedMemoryManager(_block + offset, segmentLength);
            }
        }

        Activate(length, cost);
    }

    internal override void Restart(long length, long cost) => Start(length, cost);

    public void Free()
    {
        if (_block is not null)
        {
            NativeMemory.AlignedFree(_block);
            _block = null;
        }
    }

    protected override void ReleaseMemory() => _pool.Return(this);

    protected internal override Memory<byte> GetSegmentUnchecked(int index) => _segments[index].Memory;

    protected internal override Span<byte> GetFirstSpanUnchecked() => new(_block, (int)Math.Min(Length, SegmentBytes));

    protected internal override bool TryGetPointerUnchecked(out nint pointer)
    {
        pointer = (nint)_block;
        return true;
    }
}
