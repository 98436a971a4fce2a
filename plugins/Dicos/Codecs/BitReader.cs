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

    private void Fill()
    {
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
}
