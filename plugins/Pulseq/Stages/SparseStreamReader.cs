using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Conduit.Plugins.Pulseq.Stages;

/// <summary>
/// Reads a sparse sample-stream file (<see cref="SparseStreamFile"/>) record by record in constant memory: samples are
/// read only when asked for. Every count is checked against the file's size before it is used, so a damaged file ends
/// in a <see cref="PulseqDataException"/> naming the offset, never in a hang or a huge allocation.
/// </summary>
public sealed class SparseStreamReader : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly long _length;
    private readonly byte[] _fixed = new byte[SparseStreamFile.RecordBytes];
    private long _position = SparseStreamFile.HeaderBytes;
    private long _read;
    private long _nextFrame;

    private SparseStreamReader(string path, SafeFileHandle file, long length, int channels, double sampleRate, long totalFrames, long records)
    {
        Path = path;
        _file = file;
        _length = length;
        Channels = channels;
        SampleRate = sampleRate;
        TotalFrames = totalFrames;
        Records = records;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Channels per frame (int16 samples each).</summary>
    public int Channels { get; }

    /// <summary>Frames per second.</summary>
    public double SampleRate { get; }

    /// <summary>Frames the stream spans, idle ones included.</summary>
    public long TotalFrames { get; }

    /// <summary>Records the header announces.</summary>
    public long Records { get; }

    /// <summary>Opens a file and checks its header.</summary>
    /// <exception cref="PulseqDataException">Not a sparse stream file, or an impossible header.</exception>
    public static SparseStreamReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = File.OpenHandle(path);
        try
        {
            var length = RandomAccess.GetLength(file);
            var header = new byte[SparseStreamFile.HeaderBytes];
            if (length < header.Length || RandomAccess.Read(file, header, 0) < header.Length)
            {
                throw new PulseqDataException(path, $"{length} bytes, shorter than the {SparseStreamFile.HeaderBytes}-byte sparse stream header", offset: 0);
            }

            if (!header.AsSpan(0, 8).SequenceEqual(SparseStreamFile.Magic))
            {
                throw new PulseqDataException(path, "no CNDTSEG1 signature: not a sparse sample-stream file", offset: 0);
            }

            var channels = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
            var sampleBytes = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
            var rate = BinaryPrimitives.ReadDoubleLittleEndian(header.AsSpan(16));
            var frames = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(24));
            var records = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(32));
            var problem = channels is < 1 or > 64 ? $"{channels} channels, expected 1 to 64"
                : sampleBytes != sizeof(short) ? $"{sampleBytes} bytes a sample, expected 2 (int16)"
                : !double.IsFinite(rate) || rate < 0 || (rate == 0 && frames > 0) ? $"sample rate {rate}, expected a positive number of Hz"
                : frames < 0 ? $"{frames} frames"
                : records < 0 || records > (length - SparseStreamFile.HeaderBytes) / SparseStreamFile.RecordBytes ? $"{records} records, more than {(length - SparseStreamFile.HeaderBytes) / SparseStreamFile.RecordBytes} fit the file"
                : null;
            return problem is null
                ? new SparseStreamReader(path, file, length, channels, rate, frames, records)
                : throw new PulseqDataException(path, $"header: {problem}", offset: 8);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The next record, or false after the last one the header announces.</summary>
    /// <exception cref="PulseqDataException">The record is damaged or does not follow the one before.</exception>
    public bool TryNext(out SparseStreamRecord record)
    {
        record = default;
        if (_read == Records)
        {
            if (_nextFrame != TotalFrames)
            {
                throw new PulseqDataException(Path, $"the {Records} records span {_nextFrame} frames; the header says {TotalFrames}", offset: 24);
            }

            return false;
        }

        var at = _position;
        if (_length - at < SparseStreamFile.RecordBytes || RandomAccess.Read(_file, _fixed, at) < SparseStreamFile.RecordBytes)
        {
            throw new PulseqDataException(Path, $"record {_read} of {Records}: the file ends", offset: at);
        }

        var first = BinaryPrimitives.ReadInt64LittleEndian(_fixed);
        var frames = BinaryPrimitives.ReadInt64LittleEndian(_fixed.AsSpan(8));
        var kind = BinaryPrimitives.ReadInt32LittleEndian(_fixed.AsSpan(16));
        var repetition = BinaryPrimitives.ReadInt32LittleEndian(_fixed.AsSpan(20));
        var samplesAt = at + SparseStreamFile.RecordBytes;
        var problem = first != _nextFrame ? $"starts at frame {first}, but the record before ends at {_nextFrame}"
            : frames <= 0 || frames > TotalFrames - first ? $"{frames} frames from frame {first}, outside the stream's {TotalFrames}"
            : kind is not (0 or 1) ? $"kind {kind}, expected 0 (idle) or 1 (samples)"
            : kind == 1 && frames > (_length - samplesAt) / (Channels * sizeof(short)) ? $"{frames} frames of samples, but only {_length - samplesAt} bytes remain"
            : null;
        if (problem is not null)
        {
            throw new PulseqDataException(Path, $"record {_read}: {problem}", offset: at);
        }

        record = new SparseStreamRecord(first, frames, kind == 0, repetition, kind == 1 ? samplesAt : -1);
        _position = samplesAt + (kind == 1 ? frames * Channels * sizeof(short) : 0);
        _nextFrame = first + frames;
        _read++;
        return true;
    }

    /// <summary>Reads the samples of <paramref name="count"/> frames of <paramref name="record"/> from frame
    /// <paramref name="frame"/> of the record on (interleaved, <see cref="Channels"/> a frame).</summary>
    public void ReadSamples(SparseStreamRecord record, long frame, int count, Span<short> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frame + count, record.Frames);
        if (record.IsIdle)
        {
            destination[..(count * Channels)].Clear();
            return;
        }

        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(destination[..(count * Channels)]);
        RandomAccess.Read(_file, bytes, record.SamplesOffset + (frame * Channels * sizeof(short)));
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(destination[..(count * Channels)], destination);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
