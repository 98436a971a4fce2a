using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Conduit.Plugins.Dicos.Codecs;

/// <summary>
/// Encodes one frame as RLE Lossless (PS3.5 annex G): one PackBits segment per byte plane, most significant byte of
/// each sample first, each segment padded to even length, behind the 64-byte header of segment offsets.
/// </summary>
public static class RleEncoder
{
    /// <summary>Encodes native little-endian samples (pixels × samples × bytesPerSample bytes).</summary>
    public static byte[] Encode(ReadOnlySpan<byte> frame, int pixels, int samplesPerPixel, int bytesPerSample)
    {
        var segments = samplesPerPixel * bytesPerSample;
        if (segments > 15)
        {
            throw new ArgumentException($"{samplesPerPixel} samples of {bytesPerSample} bytes need {segments} RLE segments; the header holds 15");
        }

        if (frame.Length < (long)pixels * segments)
        {
            throw new ArgumentException($"the frame has {frame.Length} bytes, {pixels} pixels need {(long)pixels * segments}");
        }

        // At worst every 128 bytes of a plane become a literal run of 129, and a segment gains a padding byte.
        var worst = 64 + ((long)segments * (pixels + ((pixels + 127) / 128) + 1));
        var planes = ArrayPool<byte>.Shared.Rent(pixels * Math.Min(segments, 2));
        var output = ArrayPool<byte>.Shared.Rent((int)Math.Min(worst, Array.MaxLength));
        try
        {
            var written = 64;
            output.AsSpan(0, 64).Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(output, (uint)segments);
            if (samplesPerPixel == 1 && bytesPerSample == 2)
            {
                // The usual CT: split the samples into their high and low bytes at once.
                var high = planes.AsSpan(0, pixels);
                var low = planes.AsSpan(pixels, pixels);
                Split(MemoryMarshal.Cast<byte, ushort>(frame)[..pixels], high, low);
                written = AddSegment(high, output, 0, written);
                written = AddSegment(low, output, 1, written);
            }
            else
            {
                var plane = planes.AsSpan(0, pixels);
                for (var s = 0; s < segments; s++)
                {
                    var (sample, byteOfSample) = (s / bytesPerSample, s % bytesPerSample);
                    var littleEndianByte = bytesPerSample - 1 - byteOfSample;
                    for (var p = 0; p < pixels; p++)
                    {
                        plane[p] = frame[(((p * samplesPerPixel) + sample) * bytesPerSample) + littleEndianByte];
                    }

                    written = AddSegment(plane, output, s, written);
                }
            }

            return output.AsSpan(0, written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(planes);
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    // Records where segment s starts, packs it and pads it to even length; returns the new end of the output.
    private static int AddSegment(ReadOnlySpan<byte> plane, Span<byte> output, int s, int at)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(output[(4 + (4 * s))..], (uint)at);
        at = Pack(plane, output, at);
        if ((at & 1) == 1)
        {
            output[at++] = 0;
        }

        return at;
    }

    // high[p] = samples[p] >> 8, low[p] = samples[p] & 0xFF, 32 at a time where the machine has 256-bit vectors.
    private static void Split(ReadOnlySpan<ushort> samples, Span<byte> high, Span<byte> low)
    {
        var p = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; p + Vector256<byte>.Count <= samples.Length; p += Vector256<byte>.Count)
            {
                var lower = Vector256.Create(samples.Slice(p, Vector256<ushort>.Count));
                var upper = Vector256.Create(samples.Slice(p + Vector256<ushort>.Count, Vector256<ushort>.Count));
                Vector256.Narrow(lower >> 8, upper >> 8).CopyTo(high[p..]);
                Vector256.Narrow(lower & Vector256.Create((ushort)0xFF), upper & Vector256.Create((ushort)0xFF)).CopyTo(low[p..]);
            }
        }

        for (; p < samples.Length; p++)
        {
            high[p] = (byte)(samples[p] >> 8);
            low[p] = (byte)samples[p];
        }
    }

    // PackBits: runs of 2 to 128 equal bytes as (1 - n, byte); anything else as literals of up to 128 bytes. Returns
    // the new end of the output.
    private static int Pack(ReadOnlySpan<byte> plane, Span<byte> output, int at)
    {
        var i = 0;
        while (i < plane.Length)
        {
            var run = 1;
            while (i + run < plane.Length && run < 128 && plane[i + run] == plane[i])
            {
                run++;
            }

            if (run >= 2)
            {
                output[at++] = (byte)(sbyte)(1 - run);
                output[at++] = plane[i];
                i += run;
                continue;
            }

            var start = i;
            while (i < plane.Length && i - start < 128 && !(i + 1 < plane.Length && plane[i + 1] == plane[i]))
            {
                i++;
            }

            if (i == start)
            {
                i++;
            }

            output[at++] = (byte)(i - start - 1);
            plane[start..i].CopyTo(output[at..]);
            at += i - start;
        }

        return at;
    }
}
