using System.Globalization;

namespace Conduit.Plugins.Fcs.Reading;

/// <summary>
/// <c>$BYTEORD</c>: the order of a value's bytes, as a permutation of 1..n (<c>1,2,3,4</c> little endian,
/// <c>4,3,2,1</c> big endian, or mixed such as <c>3,4,1,2</c>). An ascending or descending order applies to every
/// width (FACScan writes <c>1,2,3,4</c> for 16-bit data); a mixed one only to values of its own length.
/// </summary>
public sealed class FcsByteOrder
{
    private readonly int[] _order;

    private FcsByteOrder(int[] order, string text)
    {
        _order = order;
        Text = text;
        IsLittleEndian = order.Select((value, index) => value == index + 1).All(x => x);
        IsBigEndian = order.Select((value, index) => value == order.Length - index).All(x => x);
    }

    /// <summary>The keyword as written.</summary>
    public string Text { get; }

    /// <summary>Ascending: least significant byte first.</summary>
    public bool IsLittleEndian { get; }

    /// <summary>Descending: most significant byte first.</summary>
    public bool IsBigEndian { get; }

    /// <summary>Parses <c>$BYTEORD</c>.</summary>
    /// <exception cref="FcsDataException">Not a permutation of 1..n.</exception>
    public static FcsByteOrder Parse(string? text, string? path)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FcsDataException(path, "required keyword $BYTEORD is missing");
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var order = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out order[i]))
            {
                throw new FcsDataException(path, $"$BYTEORD is \"{text}\": expected numbers such as 1,2,3,4");
            }
        }

        if (order.Length is < 1 or > 8 || !order.Order().SequenceEqual(Enumerable.Range(1, order.Length)))
        {
            throw new FcsDataException(path, $"$BYTEORD is \"{text}\": expected a permutation of 1..n such as 1,2,3,4 or 4,3,2,1");
        }

        return new FcsByteOrder(order, text.Trim());
    }

    /// <summary>Position in the stored bytes of each byte of a little-endian value of <paramref name="width"/> bytes.</summary>
    /// <exception cref="FcsDataException">A mixed order that does not match the width.</exception>
    public int[] LittleEndianPositions(int width, string? path)
    {
        if (IsLittleEndian || width == 1)
        {
            return [.. Enumerable.Range(0, width)];
        }

        if (IsBigEndian)
        {
            return [.. Enumerable.Range(0, width).Select(i => width - 1 - i)];
        }

        if (width != _order.Length)
        {
            throw new FcsDataException(path, $"$BYTEORD {Text} describes {_order.Length}-byte values but a channel is {width} bytes wide");
        }

        // _order[k] = significance (1 = least) of the byte stored at position k.
        var positions = new int[width];
        for (var k = 0; k < width; k++)
        {
            positions[_order[k] - 1] = k;
        }

        return positions;
    }
}
