namespace Conduit.Plugins.Dicos.Codecs;

/// <summary>A JPEG Huffman table (T.81 annex C), decoded by the MINCODE/MAXCODE/VALPTR procedure of F.2.2.3.</summary>
internal sealed class HuffmanTable
{
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
            code <<= 1;
        }

        _maxCode[17] = int.MaxValue;
    }

    /// <summary>Decodes one value, reading its code a bit at a time.</summary>
    public int Decode(ref BitReader bits)
    {
        var code = bits.Bit();
        for (var length = 1; length <= 16; length++)
        {
            if (code <= _maxCode[length])
            {
                return _values[_valuePointer[length] + code - _minCode[length]];
            }

            code = (code << 1) | bits.Bit();
        }

        throw new InvalidDataException("a Huffman code longer than 16 bits: the entropy-coded data is damaged");
    }
}
