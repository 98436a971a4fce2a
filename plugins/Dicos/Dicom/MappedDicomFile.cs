using System.IO.MemoryMappedFiles;
using Conduit.Abstractions.Memory;

namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>
/// A DICOM file parsed in place from a read-only memory map: element values, native pixel data included, are views
/// of the page cache, so opening a 200 MB CT costs its header, not 200 MB of managed memory. The values are valid
/// until this is disposed.
/// </summary>
public sealed class MappedDicomFile : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MappedFileMemory? _memory;
    private readonly IBufferLease? _inflated;

    private MappedDicomFile(DicomFile file, MemoryMappedFile? map, MappedFileMemory? memory, IBufferLease? inflated = null)
    {
        File = file;
        _map = map;
        _memory = memory;
        _inflated = inflated;
    }

    /// <summary>The parsed file; its values point into the mapping.</summary>
    public DicomFile File { get; }

    /// <summary>Maps and parses <paramref name="path"/>; a deflated data set is inflated into a lease from
    /// <paramref name="pool"/> when one is given (a stage's pool, so that its budget counts it), else into an array.</summary>
    /// <exception cref="DicomDataException">The file is not DICOM, is damaged, or is 2 GiB or more.</exception>
    public static MappedDicomFile Open(string path, IBufferPool? pool = null)
    {
        var length = new FileInfo(path).Length;
        if (length == 0)
        {
            return new MappedDicomFile(DicomReader.Read(ReadOnlyMemory<byte>.Empty, path), null, null);
        }

        if (length > int.MaxValue)
        {
            throw new DicomDataException(path, $"the file is {length} bytes; files of 2 GiB and more are not read yet", 0);
        }

        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        MappedFileMemory? memory = null;
        try
        {
            memory = new MappedFileMemory(map, (int)length);
            var file = DicomReader.Read(memory.Memory, path, pool, out var inflated);
            return new MappedDicomFile(file, map, memory, inflated);
        }
        catch
        {
            memory?.Release();
            map.Dispose();
            throw;
        }
    }

    /// <summary>Takes the pages of the file read so far out of the process's resident set (they stay in the page cache);
    /// nothing is lost. See <see cref="MappedFileMemory.DropResidentPages"/>.</summary>
    public void DropResidentPages() => _memory?.DropResidentPages();

    /// <inheritdoc />
    public void Dispose()
    {
        _inflated?.Dispose();
        _memory?.Release();
        _map?.Dispose();
    }
}
