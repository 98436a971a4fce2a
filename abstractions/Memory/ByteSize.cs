using System.Globalization;
using System.Text.Json.Serialization;

namespace Conduit.Abstractions.Memory;

/// <summary>
/// A number of bytes, written in job files either as an integer or as a string with a unit:
/// <c>"512"</c>, <c>"64 KiB"</c>, <c>"2 GiB"</c>, <c>"1.5 MB"</c>. Binary units (KiB, MiB, GiB, TiB) are powers of
/// 1024; decimal units (kB, MB, GB, TB) are powers of 1000.
/// </summary>
[JsonConverter(typeof(ByteSizeJsonConverter))]
public readonly record struct ByteSize(long Bytes) : IComparable<ByteSize>
{
    private static readonly (string Unit, long Factor)[] Units =
    [
        ("TiB", 1L << 40), ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10),
        ("TB", 1_000_000_000_000L), ("GB", 1_000_000_000L), ("MB", 1_000_000L), ("kB", 1_000L), ("KB", 1_000L),
        ("B", 1L),
    ];

    /// <summary>A size of <paramref name="value"/> mebibytes.</summary>
    public static ByteSize FromMebibytes(long value) => new(checked(value << 20));

    /// <summary>A size of <paramref name="value"/> gibibytes.</summary>
    public static ByteSize FromGibibytes(long value) => new(checked(value << 30));

    /// <summary>Parses <c>"64 MiB"</c>-style text.</summary>
    /// <exception cref="FormatException">The text is not a size; the message says what is accepted.</exception>
    public static ByteSize Parse(string text)
    {
        return TryParse(text, out var size)
            ? size
            : throw new FormatException($"'{text}' is not a size: expected bytes as an integer or a number with a unit (B, KiB, MiB, GiB, TiB, kB, MB, GB, TB), for example \"64 MiB\"");
    }

    /// <summary>Parses <c>"64 MiB"</c>-style text.</summary>
    public static bool TryParse(string? text, out ByteSize size)
    {
        size = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        long factor = 1;
        var number = trimmed;
        foreach (var (unit, unitFactor) in Units)
        {
            if (trimmed.EndsWith(unit, StringComparison.Ordinal))
            {
                factor = unitFactor;
                number = trimmed[..^unit.Length].TrimEnd();
                break;
            }
        }

        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            return false;
        }

        if (value > long.MaxValue / (decimal)factor)
        {
            return false;
        }

        var bytes = value * factor;
        if (bytes != decimal.Truncate(bytes))
        {
            return false;
        }

        size = new ByteSize((long)bytes);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(ByteSize other) => Bytes.CompareTo(other.Bytes);

    /// <summary>Whether <paramref name="left"/> is smaller.</summary>
    public static bool operator <(ByteSize left, ByteSize right) => left.Bytes < right.Bytes;

    /// <summary>Whether <paramref name="left"/> is larger.</summary>
    public static bool operator >(ByteSize left, ByteSize right) => left.Bytes > right.Bytes;

    /// <summary>Whether <paramref name="left"/> is smaller or equal.</summary>
    public static bool operator <=(ByteSize left, ByteSize right) => left.Bytes <= right.Bytes;

    /// <summary>Whether <paramref name="left"/> is larger or equal.</summary>
    public static bool operator >=(ByteSize left, ByteSize right) => left.Bytes >= right.Bytes;

    /// <summary>Formats with the largest binary unit that keeps the number at least 1, for example <c>1.5 GiB</c>.</summary>
    public override string ToString() => Format(Bytes);

    /// <summary>Formats a byte count the way <see cref="ToString"/> does.</summary>
    public static string Format(long bytes)
    {
        string[] names = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var index = 0;
        while (Math.Abs(value) >= 1024 && index < names.Length - 1)
        {
            value /= 1024;
            index++;
        }

        return index == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.##} {names[index]}");
    }
}
