using System.Buffers.Binary;

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

        using var output = new MemoryStream();
        output.Write(new byte[64]);
        var header = new byte[64];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)segments);
        var plane = new byte[pixels];
        for (var s = 0; s < segments; s++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4 + (4 * s)), (uint)output.Position);
            var (sample, byteOfSample) = (s / bytesPerSample, s % bytesPerSample);
            var littleEndianByte = bytesPerSample - 1 - byteOfSample;
            for (var p = 0; p < pixels; p++)
            {
                plane[p] = frame[(((p * samplesPerPixel) + sample) * bytesPerSample) + littleEndianByte];
            }

            Pack(plane, output);
            if ((output.Position & 1) == 1)
            {
                output.WriteByte(0);
            }
        }

        var bytes = output.ToArray();
        header.CopyTo(bytes, 0);
        return bytes;
    }

    // PackBits: runs of 2 to 128 equal bytes as (1 - n, byte); anything else as literals of up to 128 bytes.
    private static void Pack(ReadOnlySpan<byte> plane, Stream output)
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
                output.WriteByte((byte)(sbyte)(1 - run));
                output.WriteByte(plane[i]);
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

            output.WriteByte((byte)(i - start - 1));
            output.Write(plane[start..i]);
        }
    }
}
