using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Microsoft.Win32.SafeHandles;

namespace Conduit.Plugins.Fcs.Reading;

/// <summary>
/// Reads a data set's events into <see cref="EventChunk"/>s whose values are rented from a pool: the raw bytes are
/// read straight into the chunk's lease and decoded in place when the layout allows it (float32 data read as float32),
/// so memory is one chunk (plus one row) whatever the file's size.
/// </summary>
public sealed class FcsChunkReader : IDisposable
{
    private readonly FcsFile _file;
    private readonly FcsDataSet _dataSet;
    private readonly FcsEventDecoder _decoder;
    private readonly SafeFileHandle _handle;
    private readonly EventValueType _valueType;
    private readonly bool _preprocess;
    private readonly double[] _row;
    private readonly string[] _channels;
    private readonly IReadOnlyDictionary<string, string> _annotations;
    private readonly bool _inPlace;

    /// <summary>Opens the events of data set <paramref name="dataSetIndex"/> of <paramref name="file"/>; every chunk
    /// carries <paramref name="annotations"/>, or the data set's own (<see cref="FcsAnnotations.Of"/>) when null.</summary>
    public FcsChunkReader(FcsFile file, int dataSetIndex, EventValueType valueType, bool preprocess, IReadOnlyDictionary<string, string>? annotations = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        _file = file;
        _dataSet = file.DataSets[dataSetIndex];
        if (_dataSet.DataStart < 0 || (_dataSet.DataType == FcsDataType.Ascii && _dataSet.BytesPerEvent == 0))
        {
            throw new FcsDataException(file.Path, "this data set's events cannot be streamed (keywords only, or delimited ASCII)");
        }

        _decoder = new FcsEventDecoder(_dataSet, file.Path);
        _handle = File.OpenHandle(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        _valueType = valueType;
        _preprocess = preprocess;
        _row = new double[_dataSet.Channels.Count];
        _channels = [.. _dataSet.Channels.Select(c => c.Name)];
        _annotations = annotations ?? FcsAnnotations.Of(_dataSet, preprocess);
        _inPlace = !preprocess && valueType == EventValueType.Float32
            && _dataSet.Channels.All(c => c.Type == FcsDataType.Float)
            && _dataSet.ByteOrder is { } order && (order.IsLittleEndian || order.IsBigEndian);
    }

    /// <summary>Channel names, in column order.</summary>
    public IReadOnlyList<string> Channels => _channels;

    /// <summary>Bytes a chunk of <paramref name="events"/> events needs: its values, or its raw bytes if more.</summary>
    public static long ChunkBytes(FcsDataSet dataSet, int events, EventValueType valueType)
    {
        ArgumentNullException.ThrowIfNull(dataSet);
        var values = (long)events * dataSet.Channels.Count * (valueType == EventValueType.Float32 ? 4 : 8);
        return Math.Max(values, (long)events * dataSet.BytesPerEvent);
    }

    /// <summary>Reads up to <paramref name="chunkEvents"/> events from <paramref name="firstEvent"/> into a chunk rented from <paramref name="pool"/>.</summary>
    public async ValueTask<EventChunk> ReadAsync(IBufferPool pool, long firstEvent, int chunkEvents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var count = (int)Math.Min(chunkEvents, _dataSet.EventCount - firstEvent);
        var lease = await pool.RentAsync(ChunkBytes(_dataSet, count, _valueType), cancellationToken);
        try
        {
            var rawLength = count * _dataSet.BytesPerEvent;
            var bytes = lease.Memory[..(int)lease.Length];
            var raw = bytes[(int)(lease.Length - rawLength)..];
            await ReadExactlyAsync(raw, _dataSet.DataStart + (firstEvent * _dataSet.BytesPerEvent), cancellationToken);
            Decode(raw.Span, count, bytes.Span);
            return new EventChunk(firstEvent, new EventChunkLayout(_channels, count, _valueType) { Annotations = _annotations }, lease, Path.GetFileName(_file.Path));
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    private async ValueTask ReadExactlyAsync(Memory<byte> target, long offset, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < target.Length)
        {
            var n = await RandomAccess.ReadAsync(_handle, target[read..], offset + read, cancellationToken);
            if (n == 0)
            {
                throw new FcsDataException(_file.Path, $"the file ended at byte {offset + read} while reading events", offset + read);
            }

            read += n;
        }
    }

    // The raw bytes sit at the end of the lease and values are written from its start, row by row through a copy of
    // the row: with raw rows of r bytes and value rows of v bytes in a lease of count × max(r, v), value row e ends at
    // or before raw row e + 1 starts, so no raw byte is overwritten before it is decoded.
    private void Decode(ReadOnlySpan<byte> raw, int count, Span<byte> target)
    {
        var channels = _dataSet.Channels.Count;
        if (_inPlace)
        {
            // Same width in and out: raw and target are the same bytes; fix the byte order in place.
            if (_dataSet.ByteOrder!.IsBigEndian)
            {
                var words = MemoryMarshal.Cast<byte, int>(target[..(count * channels * 4)]);
                BinaryPrimitives.ReverseEndianness(words, words);
            }

            return;
        }

        var valueBytes = _valueType == EventValueType.Float32 ? 4 : 8;
        var rowBytes = _dataSet.BytesPerEvent;
        Span<byte> rowCopy = rowBytes <= 1024 ? stackalloc byte[rowBytes] : new byte[rowBytes];
        for (var e = 0; e < count; e++)
        {
            raw.Slice(e * rowBytes, rowBytes).CopyTo(rowCopy);
            _decoder.Decode(rowCopy, 1, _row);
            if (_preprocess)
            {
                FcsPreprocessor.Apply(_dataSet, _row, 1);
            }

            var output = target.Slice(e * channels * valueBytes, channels * valueBytes);
            if (_valueType == EventValueType.Float32)
            {
                var floats = MemoryMarshal.Cast<byte, float>(output);
                for (var c = 0; c < channels; c++)
                {
                    floats[c] = (float)_row[c];
                }
            }
            else
            {
                _row.AsSpan().CopyTo(MemoryMarshal.Cast<byte, double>(output));
            }

        }
    }
}
