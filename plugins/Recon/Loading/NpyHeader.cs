using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Conduit.Plugins.Recon.Loading;

/// <summary>
/// The header of a NumPy <c>.npy</c> file (format versions 1 to 3): magic <c>\x93NUMPY</c>, version, header length, then
/// a Python dict literal with <c>descr</c>, <c>fortran_order</c> and <c>shape</c>. Only numeric little- or big-endian
/// types are accepted; nothing is allocated from the lengths the file claims until they are checked against its size.
/// </summary>
internal sealed record NpyHeader(string Descr, bool FortranOrder, long[] Shape, long DataOffset)
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The longest header accepted (numpy itself writes a few hundred bytes).</summary>
    public const int MaxHeaderBytes = 1 << 16;

    /// <summary>Bytes of one element.</summary>
    public int ElementSize => int.Parse(Descr.AsSpan(2), CultureInfo.InvariantCulture);

    /// <summary>Element kind: f (float), i (signed) or u (unsigned).</summary>
    public char Kind => Descr[1];

    /// <summary>True when the elements are stored big-endian.</summary>
    public bool BigEndian => Descr[0] == '>';

    /// <summary>Number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => checked(a * b));

    /// <summary>Reads and checks the header of <paramref name="path"/>.</summary>
    public static NpyHeader Read(string path)
    {
        using var file = File.OpenHandle(path);
        var length = RandomAccess.GetLength(file);
        Span<byte> prefix = stackalloc byte[12];
        var read = RandomAccess.Read(file, prefix, 0);
        if (read < 10 || !prefix[..6].SequenceEqual(Magic))
        {
            throw new SinogramFormatException($"{path}: not a .npy file (no \\x93NUMPY magic at offset 0)");
        }

        var major = prefix[6];
        int headerLength;
        int headerStart;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
            headerStart = 10;
        }
        else if (major is 2 or 3)
        {
            if (read < 12)
            {
                throw new SinogramFormatException($"{path}: offset 8: the file ends inside the .npy header");
            }

            var claimed = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
            if (claimed > MaxHeaderBytes)
            {
                throw new SinogramFormatException($"{path}: offset 8: the header claims {claimed} bytes, more than the {MaxHeaderBytes} accepted");
            }

            headerLength = (int)claimed;
            headerStart = 12;
        }
        else
        {
            throw new SinogramFormatException($"{path}: offset 6: .npy format version {major}.{prefix[7]} is not supported (1, 2 or 3)");
        }

        if (headerStart + headerLength > length)
        {
            throw new SinogramFormatException($"{path}: offset {headerStart}: the header claims {headerLength} bytes but the file ends at {length}");
        }

        var text = new byte[headerLength];
        RandomAccess.Read(file, text, headerStart);
        var header = Parse(major == 3 ? Encoding.UTF8.GetString(text) : Encoding.Latin1.GetString(text), headerStart + headerLength, path, headerStart);
        var dataBytes = checked(header.ElementCount * header.ElementSize);
        if (header.DataOffset + dataBytes > length)
        {
            throw new SinogramFormatException($"{path}: the shape ({string.Join(", ", header.Shape)}) of {header.Descr} needs {dataBytes} bytes from offset {header.DataOffset}, but the file ends at {length} (truncated?)");
        }

        return header;
    }

    /// <summary>Parses the dict literal.</summary>
    internal static NpyHeader Parse(string dict, long dataOffset, string path, long offset)
    {
        var parser = new Parser(dict, path, offset);
        string? descr = null;
        bool? fortran = null;
        long[]? shape = null;
        parser.Expect('{');
        while (!parser.TryTake('}'))
        {
            var key = parser.String();
            parser.Expect(':');
            switch (key)
            {
                case "descr":
                    descr = parser.String();
                    break;
                case "fortran_order":
                    fortran = parser.Boolean();
                    break;
                case "shape":
                    shape = parser.Tuple();
                    break;
                default:
                    throw parser.Error($"unknown key '{key}'");
            }

            if (!parser.TryTake(','))
            {
                parser.Expect('}');
                break;
            }
        }

        if (descr is null || fortran is null || shape is null)
        {
            throw parser.Error("the header must give 'descr', 'fortran_order' and 'shape'");
        }

        if (descr.Length < 3 || descr[0] is not ('<' or '>' or '|') || descr[1] is not ('f' or 'i' or 'u')
            || !int.TryParse(descr.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is not (1 or 2 or 4 or 8)
            || (descr[1] == 'f' && size is not (4 or 8)))
        {
            throw parser.Error($"element type '{descr}' is not a plain number (accepted: float32/64, signed and unsigned 8 to 64-bit integers)");
        }

        try
        {
            _ = checked(shape.Aggregate(1L, (a, b) => checked(a * b)) * size);
        }
        catch (OverflowException)
        {
            throw parser.Error($"shape ({string.Join(", ", shape)}) is too large");
        }

        return new NpyHeader(descr, fortran.Value, shape, dataOffset);
    }

    /// <summary>Writes a version 1.0 header for little-endian float32 data of <paramref name="shape"/>, padded to 64 bytes.</summary>
    public static byte[] Write(IReadOnlyList<long> shape)
    {
        var dims = shape.Count == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        var dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({dims}), }}";
        var total = 10 + dict.Length + 1;
        var padded = (total + 63) / 64 * 64;
        var text = dict + new string(' ', padded - total) + "\n";
        var bytes = new byte[10 + text.Length];
        Magic.CopyTo(bytes, 0);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)text.Length);
        Encoding.ASCII.GetBytes(text, bytes.AsSpan(10));
        return bytes;
    }

    private sealed class Parser(string text, string path, long offset)
    {
        private int _position;

        public SinogramFormatException Error(string what) =>
            new($"{path}: offset {offset + _position}: .npy header: {what}");

        public void Expect(char c)
        {
            if (!TryTake(c))
            {
                throw Error($"expected '{c}'");
            }
        }

        public bool TryTake(char c)
        {
            SkipSpace();
            if (_position < text.Length && text[_position] == c)
            {
                _position++;
                return true;
            }

            return false;
        }

        public string String()
        {
            SkipSpace();
            if (_position >= text.Length || text[_position] is not ('\'' or '"'))
            {
                throw Error("expected a quoted string");
            }

            var quote = text[_position++];
            var end = text.IndexOf(quote, _position);
            if (end < 0)
            {
                throw Error("unterminated string");
            }

            var value = text[_position..end];
            _position = end + 1;
            return value;
        }

        public bool Boolean()
        {
            SkipSpace();
            foreach (var (word, value) in new[] { ("True", true), ("False", false) })
            {
                if (string.CompareOrdinal(text, _position, word, 0, word.Length) == 0)
                {
                    _position += word.Length;
                    return value;
                }
            }

            throw Error("expected True or False");
        }

        public long[] Tuple()
        {
            Expect('(');
            var values = new List<long>();
            while (!TryTake(')'))
            {
                SkipSpace();
                var start = _position;
                while (_position < text.Length && char.IsAsciiDigit(text[_position]))
                {
                    _position++;
                }

                if (start == _position || !long.TryParse(text.AsSpan(start, _position - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    throw Error("expected a non-negative dimension");
                }

                if (values.Count == 32)
                {
                    throw Error("more than 32 dimensions");
                }

                values.Add(value);
                if (!TryTake(','))
                {
                    Expect(')');
                    break;
                }
            }

            return [.. values];
        }

        private void SkipSpace()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }
    }
}
