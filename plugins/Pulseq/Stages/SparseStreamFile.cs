using System.Buffers.Binary;
using Conduit.Abstractions.Messages;

namespace Conduit.Plugins.Pulseq.Stages;

/// <summary>
/// The sparse sample-stream file (little-endian). Header, 64 bytes: "CNDTSEG1", int32 channels, int32 bytes per
/// sample (2), float64 sample rate, int64 total frames, int64 records, 24 reserved bytes. Then one record per segment:
/// int64 first frame, int64 frames, int32 kind (0 idle, 1 samples), int32 repetition, and for kind 1 the frames ×
/// channels int16 samples.
/// </summary>
public static class SparseStreamFile
{
    /// <summary>Size of the header.</summary>
    public const int HeaderBytes = 64;

    /// <summary>Size of a record's fixed part.</summary>
    public const int RecordBytes = 24;

    /// <summary>The file's first eight bytes.</summary>
    public static ReadOnlySpan<byte> Magic => "CNDTSEG1"u8;

    /// <summary>Writes a header.</summary>
    public static void WriteHeader(Span<byte> destination, int channels, double sampleRate, long totalFrames, long records)
    {
        destination[..HeaderBytes].Clear();
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], channels);
        BinaryPrimitives.WriteInt32LittleEndian(destination[12..], sizeof(short));
        BinaryPrimitives.WriteDoubleLittleEndian(destination[16..], sampleRate);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], totalFrames);
        BinaryPrimitives.WriteInt64LittleEndian(destination[32..], records);
    }

    /// <summary>Writes a record's fixed part.</summary>
    public static void WriteRecord(Span<byte> destination, SampleSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        BinaryPrimitives.WriteInt64LittleEndian(destination, segment.FirstFrame);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], segment.Frames);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], segment.IsIdle ? 0 : 1);
        BinaryPrimitives.WriteInt32LittleEndian(destination[20..], segment.Repetition);
    }
}
