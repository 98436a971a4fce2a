using System.Buffers;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>A read-only view of a whole memory-mapped file as <see cref="Memory{T}"/>, so the reader can slice it
/// like an array.</summary>
internal sealed unsafe partial class MappedFileMemory : MemoryManager<byte>
{
    private readonly MemoryMappedViewAccessor _accessor;
    private const int DontNeed = 4; // MADV_DONTNEED

    private readonly byte* _base;
    private readonly byte* _pointer;
    private readonly int _length;
    private int _released;

    public MappedFileMemory(MemoryMappedFile file, int length)
    {
        _accessor = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _accessor.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer;
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

    /// <summary>Takes the pages read so far out of this process's resident set (Linux; elsewhere nothing). The file is
    /// mapped read-only and shared, so nothing is lost: a page read again comes back from the page cache. A reader
    /// that walks a large file calls this as it goes, so that its resident set stays what it holds, not what it has
    /// read.</summary>
    public void DropResidentPages()
    {
        if (OperatingSystem.IsLinux() && Volatile.Read(ref _released) == 0)
        {
            _ = Advise((nint)_base, (nuint)(_length + (_pointer - _base)), DontNeed);
        }
    }

    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _accessor.SafeMemoryMappedViewHandle.ReleasePointer();
            _accessor.Dispose();
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Advise(nint address, nuint length, int advice);

    protected override void Dispose(bool disposing)
    {
    }
}
