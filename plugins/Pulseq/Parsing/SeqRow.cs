using System.Globalization;

namespace Conduit.Plugins.Pulseq.Parsing;

/// <summary>One data line of a section: its line number and whitespace-separated fields, with typed readers that
/// report the file and line when a field is missing or malformed.</summary>
internal readonly struct SeqRow(string? file, int line, string[] fields)
{
    public int Line { get; } = line;

    public string[] Fields { get; } = fields;

    public int Count => Fields.Length;

    public PulseqDataException Error(string problem) => new(file, problem, Line);

    public void RequireCount(string section, params int[] allowed)
    {
        if (!allowed.Contains(Fields.Length))
        {
            var expected = string.Join(" or ", allowed);
            throw Error($"{section} line has {Fields.Length} fields, expected {expected}: \"{string.Join(' ', Fields)}\"");
        }
    }

    public double Double(int index, string name)
    {
        if (double.TryParse(Fields[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        throw Error($"{name} is \"{Fields[index]}\", expected a finite number");
    }

    /// <summary>An integer field; integral values written as floats (<c>100.0</c>) are accepted.</summary>
    public long Long(int index, string name, long min = long.MinValue, long max = long.MaxValue)
    {
        var text = Fields[index];
        long value;
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || d != Math.Floor(d) || Math.Abs(d) > 9e15)
            {
                throw Error($"{name} is \"{text}\", expected an integer");
            }

            value = (long)d;
        }

        if (value < min || value > max)
        {
            throw Error($"{name} is {value}, expected {Range(min, max)}");
        }

        return value;
    }

    public int Id(int index, string name, bool allowZero = false) => (int)Long(index, name, allowZero ? 0 : 1, int.MaxValue);

    /// <summary>A time in a given unit (1e6 ps for µs, 1e3 ps for ns) as whole picoseconds; never negative.</summary>
    public long Picoseconds(int index, string name, double picosecondsPerUnit)
    {
        var value = Double(index, name);
        var ps = value * picosecondsPerUnit;
        if (ps < 0 || ps > 1e18)
        {
            throw Error($"{name} is {Fields[index]}, expected a non-negative time below 10^6 s");
        }

        return (long)Math.Round(ps);
    }

    private static string Range(long min, long max) => (min, max) switch
    {
        (long.MinValue, long.MaxValue) => "an integer",
        (_, long.MaxValue) => $"at least {min}",
        (_, int.MaxValue) => $"{min} to {int.MaxValue}",
        _ => $"{min} to {max}",
    };
}
