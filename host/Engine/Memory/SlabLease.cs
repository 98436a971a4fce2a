using System.Runtime.InteropServices;
using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Memory;

/// <summary>One slab of a <see cref="SlabBufferPool"/>; the object and its memory live as long as the pool.</summary>
internal sealed unsafe class SlabLease : PooledLease
{
    private readonly SlabBufferPool _pool;
    private readonly UnmanagedMemoryManager _memory;
    private byte* _block;

    public SlabLease(SlabBufferPool pool, byte* block, int capacity)
    {
        _pool = pool;
        _block = block;
        _memory = new UnmanagedMemoryManager(block, capacity);
        ReuseCapacity = capacity;
    }

    public override LeaseOwnership Ownership => LeaseOwnership.Owned;

    public override MemoryKind Kind => MemoryKind.Slab;

    public override string PoolName => _pool.Name;

    // The memory manager spans the whole slab and is never written again: a rent writes only the lease's own fields.
    public void Start(long length) => Activate(length, 0, _pool.SlabBytes);


    internal override void Restart(long length, long cost) => Start(length);

    public void Free()
    {
        if (_block is not null)
        {
            NativeMemory.AlignedFree(_block);
            _block = null;
        }
    }

    protected override void ReleaseMemory() => _pool.Return(this);

    protected internal override Memory<byte> GetSegmentUnchecked(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(index, 0);
        return _memory.Memory[..(int)Length];
    }

    protected internal override Span<byte> GetFirstSpanUnchecked() => new(_block, (int)Length);

    protected internal override bool TryGetPointerUnchecked(out nint pointer)
    {
        pointer = (nint)_block;
        return true;
    }
}
