using Conduit.Plugins.Dicos.Dicom;

namespace Conduit.Plugins.Dicos.Codecs;

/// <summary>A JPEG Huffman table (T.81 annex C): codes of up to 9 bits are found with one lookup of the next 9 bits,
/// longer ones by the MINCODE/MAXCODE/VALPTR procedure of F.2.2.3.</summary>
internal sealed class HuffmanTable
{
    private const int FastBits = 9;

    // (length << 8) | value for every 9-bit prefix that starts with a code of up to 9 bits; 0 for the others.
    private readonly int[] _fast = new int[1 << FastBits];
    private readonly int[] _minCode = new int[17];
    private readonly int[] _maxCode = new int[18];
    private readonly int[] _valuePointer = new int[17];
    private readonly byte[] _values;

    public HuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values)
    {
        _values = values.ToArray();
        var code = 0;
        var k = 0;
        for (var length = 1; length <= 16; length++)
        {
            _valuePointer[length] = k;
            _minCode[length] = code;
            code += counts[length - 1];
            k += counts[length - 1];
            _maxCode[length] = counts[length - 1] == 0 ? -1 : code - 1;
            if (code > 1 << length)
            {
                throw new DicomDataException($"the Huffman table has more codes of {length} bits or fewer than {length} bits can hold: the DHT segment is damaged");
            }

            if (length <= FastBits)
            {
                for (var c = _minCode[length]; c < code; c++)
                {
                    var first = c << (FastBits - length);
                    var entry = (length << 8) | _values[_valuePointer[length] + c - _minCode[length]];
                    _fast.AsSpan(first, 1 << (FastBits - length)).Fill(entry);
                }
            }

            code <<= 1;
        }

        _maxCode[17] = int.MaxValue;
    }

    /// <summary>Decodes one value.</summary>
    public int Decode(ref BitReader bits)
    {
        var entry = _fast[bits.Peek(FastBits)];
        if (entry != 0)
        {
            bits.Skip(entry >> 8);
            return entry & 0xFF;
        }

        var next = bits.Peek(16);
        for (var length = FastBits + 1; length <= 16; length++)
        {
            var code = next >> (16 - length);
            if (code <= _maxCode[length])
            {
                bits.Skip(length);
                return _values[_valuePointer[length] + code - _minCode[length]];
            }
        }

        throw new DicomDataException("a Huffman code longer than 16 bits: the entropy-coded data is damaged");
    }
}
