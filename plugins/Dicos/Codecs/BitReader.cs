using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Conduit.Plugins.Dicos.Dicom;

namespace Conduit.Plugins.Dicos.Codecs;

/// <summary>
/// Reads the entropy-coded bits of a JPEG scan: removes stuffed zero bytes after FF, stops at a marker (then supplies
/// zero bits, which a damaged stream turns into an error elsewhere rather than a read past the data), and skips RSTn
/// markers on <see cref="Restart"/>.
/// </summary>
internal ref struct BitReader(ReadOnlySpan<byte> data, int start)
{
    // Zero bytes supplied past a marker or the end before the data counts as damaged: the lookahead needs up to 8.
    private const int ZeroBytesAllowed = 72;

    private readonly ReadOnlySpan<byte> _data = data;
    private int _position = start;

    // The next _count bits of the stream are the low _count bits of _buffer, first bit highest.
    private ulong _buffer;
    private int _count;
    private int _zeroBytesSupplied;

    /// <summary>The next <paramref name="n"/> (fewer than 32) bits, not consumed.</summary>
    public int Peek(int n)
    {
        if (_count < n)
        {
            Fill();
        }

        return (int)(_buffer >> (_count - n)) & ((1 << n) - 1);
    }

    /// <summary>Consumes <paramref name="n"/> bits already peeked.</summary>
    public void Skip(int n) => _count -= n;

    public int Bit()
    {
        var bit = Peek(1);
        _count--;
        return bit;
    }

    public int Bits(int n)
    {
        if (n == 0)
        {
            return 0;
        }

        var value = Peek(n);
        _count -= n;
        return value;
    }

    /// <summary>A DC difference (T.81 F.2.2.1 and H.1.2.2): its category by Huffman code, then that many bits.</summary>
    public int Difference(HuffmanTable table)
    {
        if (_count < HuffmanTable.DifferenceBits)
        {
            Fill();
        }

        var entry = table.DifferenceOf((int)(_buffer >> (_count - HuffmanTable.DifferenceBits)) & ((1 << HuffmanTable.DifferenceBits) - 1));
        if (entry != 0)
        {
            _count -= entry & 0xFF;
            return entry >> 8;
        }

        var category = table.Decode(ref this);
        if (category == 0)
        {
            return 0;
        }

        if (category == 16)
        {
            return 32768;
        }

        if (category > 16)
        {
            throw new DicomDataException($"difference category {category} is above 16: the entropy-coded data is damaged");
        }

        var extra = Bits(category);
        return extra < (1 << (category - 1)) ? extra - (1 << category) + 1 : extra;
    }

    public void Restart()
    {
        // Bits buffered past the interval are padding or supplied zeros: drop them; the marker has not been read.
        (_buffer, _count, _zeroBytesSupplied) = (0, 0, 0);
        while (_position + 1 < _data.Length && _data[_position] == 0xFF && _data[_position + 1] == 0xFF)
        {
            _position++;
        }

        if (_position + 1 < _data.Length && _data[_position] == 0xFF && _data[_position + 1] is >= 0xD0 and <= 0xD7)
        {
            _position += 2;
            return;
        }

        throw new DicomDataException($"offset {_position}: a restart marker (FFD0-FFD7) was expected");
    }

    // Optimised from its first call: it runs once per few samples, and left to tiered compilation it stayed
    // unoptimised through whole CTs (a fifth of the decoding time).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Fill()
    {
        // Most of the time the next 8 bytes hold no FF: take as many whole bytes as the buffer has room for at once.
        if (_position + 8 <= _data.Length)
        {
            var next = BinaryPrimitives.ReadUInt64BigEndian(_data[_position..]);
            if (!HasFF(next))
            {
                var bytes = (64 - _count) >> 3;
                _buffer = bytes == 8 ? next : (_buffer << (bytes * 8)) | (next >> (64 - (bytes * 8)));
                _count += bytes * 8;
                _position += bytes;
                return;
            }
        }

        while (_count <= 56)
        {
            int next;
            if (_position < _data.Length && _data[_position] != 0xFF)
            {
                next = _data[_position++];
            }
            else if (_position + 1 < _data.Length && _data[_position] == 0xFF && _data[_position + 1] == 0x00)
            {
                next = 0xFF;
                _position += 2;
            }
            else
            {
                // A marker or the end: supply zeros, but not forever (a damaged scan must not spin).
                if (++_zeroBytesSupplied > ZeroBytesAllowed)
                {
                    throw new DicomDataException($"offset {_position}: the entropy-coded data ended before the frame was complete");
                }

                next = 0;
            }

            _buffer = (_buffer << 8) | (uint)next;
            _count += 8;
        }
    }

    // Whether any byte of v is FF: the classic test for a zero byte, applied to its complement.
    private static bool HasFF(ulong v)
    {
        var inverted = ~v;
        return ((inverted - 0x0101010101010101UL) & ~inverted & 0x8080808080808080UL) != 0;
    }
}
