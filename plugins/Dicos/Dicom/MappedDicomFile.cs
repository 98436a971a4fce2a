using System.IO.MemoryMappedFiles;

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

    private MappedDicomFile(DicomFile file, MemoryMappedFile? map, MappedFileMemory? memory)
    {
        File = file;
        _map = map;
        _memory = memory;
    }

    /// <summary>The parsed file; its values point into the mapping.</summary>
    public DicomFile File { get; }

    /// <summary>Maps and parses <paramref name="path"/>.</summary>
    /// <exception cref="DicomDataException">The file is not DICOM, is damaged, or is 2 GiB or more.</exception>
    public static MappedDicomFile Open(string path)
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
            return new MappedDicomFile(DicomReader.Read(memory.Memory, path), map, memory);
        }
        catch
        {
            memory?.Release();
            map.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _memory?.Release();
        _map?.Dispose();
    }
}
