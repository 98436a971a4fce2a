using System.Runtime.InteropServices;

namespace Conduit.Plugins.Dicos.Codecs;

/// <summary>
/// Encodes lossless JPEG (T.81 process 14, selection value 1: the DICOS and DICOM default, transfer syntax
/// 1.2.840.10008.1.2.4.70) for one component of 2 to 16 bits, with a Huffman table built for the image from the
/// frequencies of its difference categories (annex K.2, code lengths limited to 16 bits).
/// </summary>
public static class JpegLosslessEncoder
{
    /// <summary>Encodes <paramref name="width"/> × <paramref name="height"/> samples (little-endian, 1 or 2 bytes each).</summary>
    public static byte[] Encode(ReadOnlySpan<byte> samples, int width, int height, int precision, int bytesPerSample)
    {
        if (precision is < 2 or > 16 || width is < 1 or > 65535 || height is < 1 or > 65535 || (bytesPerSample == 1 && precision > 8))
        {
            throw new ArgumentException($"{width} × {height} at {precision} bits in {bytesPerSample}-byte samples cannot be JPEG lossless encoded");
        }

        if (samples.Length < (long)width * height * bytesPerSample)
        {
            throw new ArgumentException($"{samples.Length} bytes of samples; {width} × {height} × {bytesPerSample} bytes are needed", nameof(samples));
        }

        // Two passes over the samples, the first counting categories for the Huffman table, the second writing:
        // recomputing a difference is cheaper than keeping one per pixel.
        var frequencies = new long[17];
        var mask = (1 << precision) - 1;
        var source = new SampleSource(samples, bytesPerSample, mask, precision, width);
        for (int y = 0, i = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++, i++)
            {
                frequencies[Category(source.Difference(i, x, y))]++;
            }
        }

        var (counts, symbols) = CodeLengths(frequencies);
        var (codes, lengths) = CanonicalCodes(counts, symbols);
        using var output = new MemoryStream();
        output.Write([0xFF, 0xD8]);
        WriteSegment(output, 0xC3, [(byte)precision, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, 0x11, 0]);
        WriteSegment(output, 0xC4, [0x00, .. counts, .. symbols]);
        WriteSegment(output, 0xDA, [1, 1, 0x00, 1, 0, 0]);
        var bits = new BitWriter(output);
        for (int y = 0, i = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++, i++)
            {
                var difference = source.Difference(i, x, y);
                var category = Category(difference);
                bits.Write(codes[category], lengths[category]);
                if (category is > 0 and < 16)
                {
                    bits.Write(difference < 0 ? difference - 1 : difference, category);
                }
            }
        }

        bits.Flush();
        output.Write([0xFF, 0xD9]);
        return output.ToArray();
    }

    private static void WriteSegment(Stream output, byte marker, byte[] body)
    {
        output.Write([0xFF, marker, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2)]);
        output.Write(body);
    }

    // Annex K.2: Huffman code lengths from frequencies (with a reserved code point so that no code is all ones),
    // then lengths above 16 folded back.
    private static (byte[] Counts, byte[] Values) CodeLengths(long[] frequencies)
    {
        var freq = new long[18];
        Array.Copy(frequencies, freq, 17);
        freq[17] = 1;
        var codeSize = new int[18];
        var others = Enumerable.Repeat(-1, 18).ToArray();
        while (true)
        {
            int v1 = -1, v2 = -1;
            for (var i = 0; i < 18; i++)
            {
                if (freq[i] > 0 && (v1 < 0 || freq[i] <= freq[v1]))
                {
                    v1 = i;
                }
            }

            for (var i = 0; i < 18; i++)
            {
                if (freq[i] > 0 && i != v1 && (v2 < 0 || freq[i] <= freq[v2]))
                {
                    v2 = i;
                }
            }

            if (v2 < 0)
            {
                break;
            }

            freq[v1] += freq[v2];
            freq[v2] = 0;
            codeSize[v1]++;
            while (others[v1] >= 0)
            {
                v1 = others[v1];
                codeSize[v1]++;
            }

            others[v1] = v2;
            codeSize[v2]++;
            while (others[v2] >= 0)
            {
                v2 = others[v2];
                codeSize[v2]++;
            }
        }

        var bits = new int[40];
        for (var i = 0; i < 18; i++)
        {
            if (codeSize[i] > 0)
            {
                bits[codeSize[i]]++;
            }
        }

        for (var i = 39; i > 16; i--)
        {
            while (bits[i] > 0)
            {
                var j = i - 2;
                while (bits[j] == 0)
                {
                    j--;
                }

                bits[i] -= 2;
                bits[i - 1]++;
                bits[j + 1] += 2;
                bits[j]--;
            }
        }

        // Drop the reserved code point from the longest length.
        var longest = 16;
        while (bits[longest] == 0)
        {
            longest--;
        }

        bits[longest]--;
        var counts = new byte[16];
        for (var i = 1; i <= 16; i++)
        {
            counts[i - 1] = (byte)bits[i];
        }

        var values = Enumerable.Range(0, 17).Where(c => codeSize[c] > 0).OrderBy(c => codeSize[c]).ThenBy(c => c).Select(c => (byte)c).ToArray();
        return (counts, values);
    }

    private static (int[] Codes, int[] Lengths) CanonicalCodes(byte[] counts, byte[] values)
    {
        var codes = new int[17];
        var lengths = new int[17];
        var code = 0;
        var k = 0;
        for (var length = 1; length <= 16; length++)
        {
            for (var n = 0; n < counts[length - 1]; n++)
            {
                codes[values[k]] = code++;
                lengths[values[k]] = length;
                k++;
            }

            code <<= 1;
        }

        return (codes, lengths);
    }

    private static int Category(int difference) =>
        difference == 0 ? 0 : difference == 32768 ? 16 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)Math.Abs(difference));

    // The samples with their prediction (selection value 1): the left neighbour, the one above at the start of a line.
    private readonly ref struct SampleSource(ReadOnlySpan<byte> samples, int bytesPerSample, int mask, int precision, int width)
    {
        private readonly ReadOnlySpan<byte> _bytes = samples;
        private readonly ReadOnlySpan<ushort> _wide = MemoryMarshal.Cast<byte, ushort>(samples);

        // Differences are taken modulo 2^16 into -32767..32768 (H.1.2.1).
        public int Difference(int i, int x, int y)
        {
            var prediction = i == 0 ? 1 << (precision - 1) : y == 0 ? Sample(i - 1) : x == 0 ? Sample(i - width) : Sample(i - 1);
            var difference = (Sample(i) - prediction) & 0xFFFF;
            return difference >= 0x8000 ? (difference == 0x8000 ? 32768 : difference - 0x10000) : difference;
        }

        private int Sample(int i) => (bytesPerSample == 1 ? _bytes[i] : _wide[i]) & mask;
    }

    // Writes bits most significant first, stuffing a zero byte after every FF and padding the end with ones.
    private sealed class BitWriter(Stream output)
    {
        // The pending bits are the low _count bits of _buffer, first bit highest; fewer than 8 between writes.
        private ulong _buffer;
        private int _count;

        public void Write(int value, int length)
        {
            _buffer = (_buffer << length) | ((uint)value & ((1u << length) - 1));
            _count += length;
            while (_count >= 8)
            {
                _count -= 8;
                Emit((byte)(_buffer >> _count));
            }
        }

        public void Flush()
        {
            if (_count > 0)
            {
                Write((1 << (8 - _count)) - 1, 8 - _count);
            }
        }

        private void Emit(byte value)
        {
            output.WriteByte(value);
            if (value == 0xFF)
            {
                output.WriteByte(0);
            }
        }
    }
}
