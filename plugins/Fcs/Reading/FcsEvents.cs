using System.Buffers;
using System.Globalization;

namespace Conduit.Plugins.Fcs.Reading;

/// <summary>Reads the events of a data set, in chunks or all at once.</summary>
public static class FcsEvents
{
    /// <summary>Events decoded per read when a caller gives no chunk size.</summary>
    public const int DefaultChunkEvents = 16384;

    /// <summary>
    /// Reads every event as one row-major array (events × channels). For small files and tests; large files are read
    /// chunk by chunk with <see cref="ReadChunks"/>.
    /// </summary>
    public static double[] ReadAll(FcsFile file, int dataSetIndex = 0, bool preprocess = false)
    {
        ArgumentNullException.ThrowIfNull(file);
        var dataSet = file.DataSets[dataSetIndex];
        var values = (long)dataSet.EventCount * dataSet.Channels.Count;
        if (values > Array.MaxLength)
        {
            throw new FcsDataException(file.Path, $"{dataSet.EventCount} events × {dataSet.Channels.Count} channels do not fit one array; read them in chunks");
        }

        // The first chunk is read before the result is allocated: reading it checks $TOT against what DATA can hold.
        using var chunks = ReadChunks(file, dataSetIndex, DefaultChunkEvents, preprocess).GetEnumerator();
        if (!chunks.MoveNext())
        {
            return [];
        }

        var result = new double[values];
        var written = 0L;
        do
        {
            var (rows, count) = chunks.Current;
            rows.AsSpan(0, count * dataSet.Channels.Count).CopyTo(result.AsSpan((int)written));
            written += count * dataSet.Channels.Count;
        }
        while (chunks.MoveNext());

        return result;
    }

    /// <summary>
    /// Reads the events in chunks of at most <paramref name="chunkEvents"/>: each item is a buffer of rows and how many
    /// are valid. The buffer is reused for the next chunk, so memory stays O(chunk) whatever the file's size.
    /// </summary>
    public static IEnumerable<(double[] Rows, int Count)> ReadChunks(FcsFile file, int dataSetIndex = 0, int chunkEvents = DefaultChunkEvents, bool preprocess = false)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkEvents);
        var dataSet = file.DataSets[dataSetIndex];
        if (dataSet.DataStart < 0)
        {
            throw new InvalidOperationException("the file was opened with KeywordsOnly; its events cannot be read");
        }

        return dataSet.DataType == FcsDataType.Ascii && dataSet.BytesPerEvent == 0
            ? ReadDelimitedAscii(file, dataSet, preprocess)
            : ReadBinary(file, dataSet, chunkEvents, preprocess);
    }

    private static IEnumerable<(double[] Rows, int Count)> ReadBinary(FcsFile file, FcsDataSet dataSet, int chunkEvents, bool preprocess)
    {
        var decoder = new FcsEventDecoder(dataSet, file.Path);
        var channels = dataSet.Channels.Count;
        var rows = new double[(long)chunkEvents * channels];
        var bytes = ArrayPool<byte>.Shared.Rent(checked(chunkEvents * dataSet.BytesPerEvent));
        try
        {
            using var handle = File.OpenHandle(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            for (long first = 0; first < dataSet.EventCount; first += chunkEvents)
            {
                var count = (int)Math.Min(chunkEvents, dataSet.EventCount - first);
                var span = bytes.AsSpan(0, count * dataSet.BytesPerEvent);
                var offset = dataSet.DataStart + (first * dataSet.BytesPerEvent);
                var read = 0;
                while (read < span.Length)
                {
                    var n = RandomAccess.Read(handle, span[read..], offset + read);
                    if (n == 0)
                    {
                        throw new FcsDataException(file.Path, $"the file ended at byte {offset + read} while reading event {first}", offset + read);
                    }

                    read += n;
                }

                decoder.Decode(span, count, rows);
                if (preprocess)
                {
                    FcsPreprocessor.Apply(dataSet, rows, count);
                }

                yield return (rows, count);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static IEnumerable<(double[] Rows, int Count)> ReadDelimitedAscii(FcsFile file, FcsDataSet dataSet, bool preprocess)
    {
        var channels = dataSet.Channels.Count;
        var values = (long)dataSet.EventCount * channels;
        if (dataSet.DataLength > int.MaxValue || values > Array.MaxLength)
        {
            throw new FcsDataException(file.Path, "delimited ASCII DATA over 2 GiB is not supported");
        }

        // Each value takes a digit and a delimiter at least, so DATA bounds what $TOT × $PAR may claim before the array
        // for them is allocated.
        var mostValues = (dataSet.DataLength + 1) / 2;
        if (values > mostValues)
        {
            throw new FcsDataException(file.Path, $"delimited ASCII DATA of {dataSet.DataLength} bytes holds at most {mostValues} values, $TOT × $PAR is {values}", dataSet.DataStart);
        }

        using var handle = File.OpenHandle(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var text = FcsFile.ReadBytes(handle, dataSet.DataStart, (int)dataSet.DataLength);
        var rows = new double[values];
        var index = 0L;
        foreach (var token in System.Text.Encoding.ASCII.GetString(text).Split([' ', '\t', ',', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (index == values)
            {
                break;
            }

            rows[index++] = double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new FcsDataException(file.Path, $"delimited ASCII value {index} is \"{token}\", not a number", dataSet.DataStart);
        }

        if (index < values)
        {
            throw new FcsDataException(file.Path, $"delimited ASCII DATA holds {index} values, $TOT × $PAR is {values}", dataSet.DataStart);
        }

        if (preprocess)
        {
            FcsPreprocessor.Apply(dataSet, rows, (int)dataSet.EventCount);
        }

        yield return (rows, (int)dataSet.EventCount);
    }
}
