using Microsoft.Win32.SafeHandles;

namespace Conduit.Plugins.Fcs.Reading;

/// <summary>
/// An FCS file opened for reading: every data set's HEADER and keywords, checked, with the location of its events.
/// Events are read on demand (<see cref="FcsEvents"/>), so opening a 10 GB file reads only its TEXT.
/// </summary>
public sealed class FcsFile
{
    private FcsFile(string path, long length, IReadOnlyList<FcsDataSet> dataSets)
    {
        Path = path;
        Length = length;
        DataSets = dataSets;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The file's length in bytes.</summary>
    public long Length { get; }

    /// <summary>The data sets, in file order (most files have one; <c>$NEXTDATA</c> chains more).</summary>
    public IReadOnlyList<FcsDataSet> DataSets { get; }

    /// <summary>Opens and checks <paramref name="path"/>.</summary>
    /// <exception cref="FcsDataException">The file is not FCS, or a data set cannot be read as it is.</exception>
    public static FcsFile Open(string path, FcsReadOptions? options = null)
    {
        options ??= FcsReadOptions.Default;
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(handle);
        var dataSets = new List<FcsDataSet>();
        var visited = new HashSet<long>();
        long offset = 0;
        while (true)
        {
            if (!visited.Add(offset))
            {
                throw new FcsDataException(path, $"$NEXTDATA leads back to the data set at byte {offset}", offset);
            }

            var dataSet = FcsDataSetReader.Read(handle, length, offset, path, options);
            dataSets.Add(dataSet);
            var next = dataSet.Keywords.GetInt64("$NEXTDATA") ?? 0;
            if (next <= 0)
            {
                break;
            }

            if (offset + next + FcsHeader.Size > length)
            {
                throw new FcsDataException(path, $"$NEXTDATA points to byte {offset + next}, but the file has {length} bytes", offset);
            }

            offset += next;
        }

        return new FcsFile(path, length, dataSets);
    }

    /// <summary>Reads <paramref name="count"/> bytes at <paramref name="offset"/>, all or fewer at the end of the file.</summary>
    internal static byte[] ReadBytes(SafeFileHandle handle, long offset, int count)
    {
        var bytes = new byte[count];
        var total = 0;
        while (total < count)
        {
            var read = RandomAccess.Read(handle, bytes.AsSpan(total), offset + total);
            if (read == 0)
            {
                return bytes[..total];
            }

            total += read;
        }

        return bytes;
    }
}
