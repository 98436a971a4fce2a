using System.IO.MemoryMappedFiles;
using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Memory;

/// <summary>
/// A view of a memory-mapped file as a lease: of a temporary file from a <see cref="MappedFileBufferPool"/>, or of an
/// existing file through <see cref="Open"/> (zero-copy reading of uncompressed data). Mapped leases are not recycled.
/// </summary>
internal sealed unsafe class MappedFileLease : PooledLease
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly MappedFileBufferPool? _pool;
    private readonly UnmanagedMemoryManager[] _segments;
    private byte* _pointer;

    private MappedFileLease(MemoryMappedFile file, MemoryMappedViewAccessor view, long length, string poolName, MappedFileBufferPool? pool)
    {
        _file = file;
        _view = view;
        _pool = pool;
        PoolName = poolName;
        byte* basePointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref basePointer);
        _pointer = basePointer + view.PointerOffset;
        var count = length <= SegmentBytes ? 1 : (int)((length + SegmentBytes - 1) / SegmentBytes);
        _segments = new UnmanagedMemoryManager[count];
        for (var i = 0; i < count; i++)
        {
            var offset = (long)i * SegmentBytes;
            _segments[i] = new UnmanagedMemoryManager(_pointer + offset, (int)Math.Min(length - offset, SegmentBytes));
        }

        Activate(length, pool is null ? 0 : length);
    }

    /// <inheritdoc />
    public override LeaseOwnership Ownership => LeaseOwnership.Mapped;

    /// <inheritdoc />
    /// <remarks>A mapping is closed when it comes back; it is never parked.</remarks>

    /// <inheritdoc />
    public override MemoryKind Kind => MemoryKind.MappedFile;

    /// <inheritdoc />
    public override string PoolName { get; }

    /// <summary>Maps <paramref name="length"/> bytes of an existing file from <paramref name="offset"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range lies outside the file.</exception>
    public static MappedFileLease Open(string path, long offset, long length, bool writable = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var fileLength = new FileInfo(path).Length;
        if (offset + length > fileLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"{Path.GetFileName(path)}: bytes {offset}..{offset + length} lie past the end of the file ({fileLength} bytes)");
        }

        var access = writable ? MemoryMappedFileAccess.ReadWrite : MemoryMappedFileAccess.Read;
        var stream = new FileStream(path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, FileShare.Read, 1);
        MemoryMappedFile? file = null;
        try
        {
            file = MemoryMappedFile.CreateFromFile(stream, null, 0, access, HandleInheritability.None, leaveOpen: false);
            var view = file.CreateViewAccessor(offset, length, access);
            return new MappedFileLease(file, view, length, "mapped", null);
        }
        catch
        {
            if (file is null)
            {
                stream.Dispose();
            }

            file?.Dispose();
            throw;
        }
    }

    internal static MappedFileLease Create(FileStream stream, long length, string poolName, MappedFileBufferPool pool)
    {
        stream.SetLength(Math.Max(length, 1));
        var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
        try
        {
            var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.ReadWrite);
            return new MappedFileLease(file, view, length, poolName, pool);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    internal override void Restart(long length, long cost) => throw new InvalidOperationException("a mapped lease is never parked, so it cannot be restarted");

    /// <inheritdoc />
    protected override void ReleaseMemory()
    {
        if (_pointer is not null)
        {
            _pointer = null;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
        }

        _view.Dispose();
        _file.Dispose();
        _pool?.Return(this);
    }

    /// <inheritdoc />
    protected internal override Memory<byte> GetSegmentUnchecked(int index) => _segments[index].Memory;

    /// <inheritdoc />
    protected internal override bool TryGetPointerUnchecked(out nint pointer)
    {
        pointer = (nint)_pointer;
        return true;
    }
}
