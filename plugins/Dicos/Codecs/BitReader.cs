namespace Conduit.Plugins.Dicos.Codecs;

/// <summary>
/// Reads the entropy-coded bits of a JPEG scan: removes stuffed zero bytes after FF, stops at a marker (then supplies
/// zero bits, which a damaged stream turns into an error elsewhere rather than a read past the data), and skips RSTn
/// markers on <see cref="Restart"/>.
/// </summary>
internal ref struct BitReader(ReadOnlySpan<byte> data, int start)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position = start;
    private int _buffer;
    private int _count;
    private int _zeroBitsSupplied;

    public int Bit()
    {
        if (_count == 0)
        {
            Fill();
        }

        _count--;
        return (_buffer >> _count) & 1;
    }

    public int Bits(int n)
    {
        var value = 0;
        for (var i = 0; i < n; i++)
        {
            value = (value << 1) | Bit();
        }

        return value;
    }

    /// <summary>Decodes one difference (T.81 H.1.2.2): the category, then its extra bits, extended to a signed value.</summary>
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
            throw new InvalidDataException($"difference category {category} is above 16: the entropy-coded data is damaged");
        }

        var extra = Bits(category);
        return extra < (1 << (category - 1)) ? extra - (1 << category) + 1 : extra;
    }

    /// <summary>Drops the bits left in the current byte and skips the RSTn marker that must follow.</summary>
    public void Restart()
    {
        _count = 0;
        while (_position + 1 < _data.Length && _data[_position] == 0xFF && _data[_position + 1] == 0xFF)
        {
            _position++;
        }

        if (_position + 1 < _data.Length && _data[_position] == 0xFF && _data[_position + 1] is >= 0xD0 and <= 0xD7)
        {
            _position += 2;
            return;
        }

        throw new InvalidDataException($"offset {_position}: a restart marker (FFD0-FFD7) was expected");
    }

    private void Fill()
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
            if (++_zeroBitsSupplied > 64)
            {
                throw new InvalidDataException($"offset {_position}: the entropy-coded data ended before the frame was complete");
            }

            next = 0;
        }

        _buffer = next;
        _count = 8;
    }
}
