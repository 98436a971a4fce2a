using Conduit.Plugins.Dicos.Dicom;

namespace Conduit.Plugins.Dicos.Codecs;

/// <summary>A JPEG Huffman table (T.81 annex C): codes of up to 9 bits are found with one lookup of the next 9 bits,
/// longer ones by the MINCODE/MAXCODE/VALPTR procedure of F.2.2.3. For lossless scans a second lookup of the next 12
/// bits gives the whole difference (code and extra bits) at once where both fit in them, as they do for most samples of
/// a CT.</summary>
internal sealed class HuffmanTable
{
    /// <summary>How many bits <see cref="DifferenceOf"/> looks at.</summary>
    public const int DifferenceBits = 12;

    private const int FastBits = 9;

    // (difference << 8) | bits taken, for every 12-bit prefix that holds a code and all the extra bits of its
    // category; 0 for the others.
    private readonly int[] _differences = new int[1 << DifferenceBits];

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

            for (var c = _minCode[length]; c < code && length <= DifferenceBits; c++)
            {
                var value = _values[_valuePointer[length] + c - _minCode[length]];
                if (length <= FastBits)
                {
                    _fast.AsSpan(c << (FastBits - length), 1 << (FastBits - length)).Fill((length << 8) | value);
                }

                AddDifferences(c, length, value);
            }

            code <<= 1;
        }

        _maxCode[17] = int.MaxValue;
    }

    /// <summary>The difference the next <see cref="DifferenceBits"/> bits begin with, and how many bits it takes, as
    /// <c>(difference &lt;&lt; 8) | bits</c>; 0 when the code and its extra bits do not fit in them.</summary>
    public int DifferenceOf(int nextBits) => _differences[nextBits];

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

    // T.81 H.1.2.2 and F.2.2.1: a category s is followed by s bits, the difference itself when its top bit is set, and
    // otherwise the difference plus 2^s - 1; category 16 stands for 32768 and has no extra bits.
    private void AddDifferences(int code, int length, int category)
    {
        var extra = category == 16 ? 0 : category;
        if (category > 16 || length + extra > DifferenceBits)
        {
            return;
        }

        var free = DifferenceBits - length - extra;
        for (var bits = 0; bits < 1 << extra; bits++)
        {
            var difference = category == 0 ? 0
                : category == 16 ? 32768
                : bits < 1 << (category - 1) ? bits - (1 << category) + 1 : bits;
            _differences.AsSpan(((code << extra) | bits) << free, 1 << free).Fill((difference << 8) | (length + extra));
        }
    }
}
