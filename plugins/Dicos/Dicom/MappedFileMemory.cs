using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>A read-only view of a whole memory-mapped file as <see cref="Memory{T}"/>, so the reader can slice it
/// like an array.</summary>
internal sealed unsafe class MappedFileMemory : MemoryManager<byte>
{
    private readonly MemoryMappedViewAccessor _accessor;
    private readonly byte* _pointer;
    private readonly int _length;
    private int _released;

    public MappedFileMemory(MemoryMappedFile file, int length)
    {
        _accessor = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _accessor.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + _accessor.PointerOffset;
        _length = length;
    }

    public override Span<byte> GetSpan()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _released) != 0, this);
        return new(_pointer, _length);
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _released) != 0, this);
        return new(_pointer + elementIndex);
    }

    public override void Unpin()
    {
    }

    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _accessor.SafeMemoryMappedViewHandle.ReleasePointer();
            _accessor.Dispose();
        }
    }

    protected override void Dispose(bool disposing)
    {
    }
}
