using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Conduit.Plugins.Dicos.Dicom;

namespace Conduit.Plugins.Dicos.Codecs;

/// <summary>
/// Decodes one RLE Lossless frame (PS3.5 annex G): a 64-byte header of up to 15 segment offsets, each segment one byte
/// plane (most significant byte of each sample first) coded with PackBits. The output is the native little-endian
/// frame, samples interleaved. A segment that runs short, runs long, or points outside the frame is an error.
/// </summary>
public static class RleDecoder
{
    /// <summary>Decodes into <paramref name="destination"/> (pixels × samples × bytesPerSample bytes).</summary>
    public static void Decode(ReadOnlySpan<byte> frame, Span<byte> destination, int pixels, int samplesPerPixel, int bytesPerSample)
    {
        if (frame.Length < 64)
        {
            throw new DicomDataException($"an RLE frame is {frame.Length} bytes, shorter than its 64-byte header");
        }

        var segments = BinaryPrimitives.ReadUInt32LittleEndian(frame);
        var expected = samplesPerPixel * bytesPerSample;
        if (segments != expected)
        {
            throw new DicomDataException($"the RLE header names {segments} segments; {samplesPerPixel} samples of {bytesPerSample} bytes need {expected}");
        }

        if (destination.Length < (long)pixels * expected)
        {
            throw new DicomDataException($"the destination holds {destination.Length} bytes, the frame needs {(long)pixels * expected}");
        }

        var planes = ArrayPool<byte>.Shared.Rent(expected == 2 && samplesPerPixel == 1 ? 2 * pixels : pixels);
        try
        {
            if (samplesPerPixel == 1 && bytesPerSample == 2)
            {
                // The usual CT: a plane of high bytes, then one of low bytes, interleaved into samples at the end.
                var high = planes.AsSpan(0, pixels);
                var low = planes.AsSpan(pixels, pixels);
                Unpack(Segment(frame, 0, segments), high, 0);
                Unpack(Segment(frame, 1, segments), low, 1);
                Interleave(high, low, MemoryMarshal.Cast<byte, ushort>(destination)[..pixels]);
                return;
            }

            var plane = planes.AsSpan(0, pixels);
            for (var s = 0; s < segments; s++)
            {
                Unpack(Segment(frame, s, segments), plane, s);
                var (sample, byteOfSample) = (s / bytesPerSample, s % bytesPerSample);
                var littleEndianByte = bytesPerSample - 1 - byteOfSample;
                for (var p = 0; p < pixels; p++)
                {
                    destination[(((p * samplesPerPixel) + sample) * bytesPerSample) + littleEndianByte] = plane[p];
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(planes);
        }
    }

    private static ReadOnlySpan<byte> Segment(ReadOnlySpan<byte> frame, int s, uint segments)
    {
        var start = BinaryPrimitives.ReadUInt32LittleEndian(frame[(4 + (4 * s))..]);
        var end = s + 1 < segments ? BinaryPrimitives.ReadUInt32LittleEndian(frame[(8 + (4 * s))..]) : (uint)frame.Length;
        if (start < 64 || end < start || end > frame.Length)
        {
            throw new DicomDataException($"RLE segment {s} spans offsets {start} to {end} of a {frame.Length}-byte frame");
        }

        return frame[(int)start..(int)end];
    }

    // samples[p] = high[p] << 8 | low[p], 32 at a time where the machine has 256-bit vectors.
    private static void Interleave(ReadOnlySpan<byte> high, ReadOnlySpan<byte> low, Span<ushort> samples)
    {
        var p = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; p + Vector256<byte>.Count <= samples.Length; p += Vector256<byte>.Count)
            {
                var (highLower, highUpper) = Vector256.Widen(Vector256.Create(high.Slice(p, Vector256<byte>.Count)));
                var (lowLower, lowUpper) = Vector256.Widen(Vector256.Create(low.Slice(p, Vector256<byte>.Count)));
                ((highLower << 8) | lowLower).CopyTo(samples[p..]);
                ((highUpper << 8) | lowUpper).CopyTo(samples[(p + Vector256<ushort>.Count)..]);
            }
        }

        for (; p < samples.Length; p++)
        {
            samples[p] = (ushort)((high[p] << 8) | low[p]);
        }
    }

    private static void Unpack(ReadOnlySpan<byte> segment, Span<byte> plane, int index)
    {
        var written = 0;
        var read = 0;
        while (written < plane.Length)
        {
            if (read >= segment.Length)
            {
                throw new DicomDataException($"RLE segment {index} ends after {written} of {plane.Length} bytes");
            }

            var control = (sbyte)segment[read++];
            if (control >= 0)
            {
                var count = control + 1;
                if (read + count > segment.Length || written + count > plane.Length)
                {
                    throw new DicomDataException($"RLE segment {index}: a literal run of {count} bytes at byte {read - 1} runs past the segment or the plane");
                }

                segment.Slice(read, count).CopyTo(plane[written..]);
                (read, written) = (read + count, written + count);
            }
            else if (control != -128)
            {
                var count = 1 - control;
                if (read >= segment.Length || written + count > plane.Length)
                {
                    throw new DicomDataException($"RLE segment {index}: a repeat run of {count} bytes at byte {read - 1} runs past the segment or the plane");
                }

                plane.Slice(written, count).Fill(segment[read++]);
                written += count;
            }
        }
    }
}
