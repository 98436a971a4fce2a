using System.Buffers;
using System.IO.MemoryMappedFiles;
using Conduit.Abstractions.Memory;

namespace Conduit.Plugins.Datasets.Nifti;

/// <summary>
/// A read-only view of part of a memory-mapped file, as a lease: no copy, the bytes stay in the page cache, and
/// disposing the last share unmaps the view (so its pages leave the process's resident set).
/// </summary>
internal sealed unsafe class MappedViewLease : IBufferLease
{
    private readonly View _view;
    private int _disposed;

    public MappedViewLease(MemoryMappedFile file, long offset, int length)
        : this(new View(file, offset, length))
    {
    }

    private MappedViewLease(View view)
    {
        _view = view;
        Interlocked.Increment(ref view.Shares);
    }

    public long Length => _view.Length;

    public LeaseOwnership Ownership => LeaseOwnership.Mapped;

    public MemoryKind Kind => MemoryKind.MappedFile;

    public string PoolName => "mapped";

    public bool IsContiguous => true;

    public Memory<byte> Memory
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _view.Memory;
        }
    }

    public Span<byte> Span => Memory.Span;

    public int SegmentCount => 1;

    // The view is read-only: no holder may ever write in place.
    public bool IsExclusive => false;

    public Memory<byte> GetSegment(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(index, 0);
        return Memory;
    }

    public bool TryGetPointer(out nint pointer)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        pointer = (nint)_view.Pointer;
        return true;
    }

    public IBufferLease Share()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new MappedViewLease(_view);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && Interlocked.Decrement(ref _view.Shares) == 0)
        {
            _view.Release();
        }
    }

    /// <summary>One mapped view shared by the leases made from it.</summary>
    private sealed class View : MemoryManager<byte>
    {
        private readonly MemoryMappedViewAccessor _accessor;

#pragma warning disable SA1401, CA1051 // a plain field so that Interlocked can update it
        public int Shares;
#pragma warning restore SA1401, CA1051

        public View(MemoryMappedFile file, long offset, int length)
        {
            _accessor = file.CreateViewAccessor(offset, length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            _accessor.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            Pointer = pointer + _accessor.PointerOffset;
            Length = length;
        }

        public byte* Pointer { get; }

        public int Length { get; }

        public override Span<byte> GetSpan() => new(Pointer, Length);

        public override MemoryHandle Pin(int elementIndex = 0) => new(Pointer + elementIndex);

        public override void Unpin()
        {
        }

        public void Release()
        {
            _accessor.SafeMemoryMappedViewHandle.ReleasePointer();
            _accessor.Dispose();
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
