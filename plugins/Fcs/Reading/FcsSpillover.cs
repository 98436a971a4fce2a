using System.Globalization;
using System.Text.RegularExpressions;

namespace Conduit.Plugins.Fcs.Reading;

/// <summary>
/// A spillover (compensation) matrix: row i says how much of channel i's fluorochrome appears in each listed channel.
/// Read from <c>$SPILLOVER</c> (FCS 3.1), <c>SPILL</c> (BD, FCS 3.0) or, for FCS 2.0, the <c>$DFCnTOm</c> keywords
/// (percent of fluorescence detector n seen in detector m; the diagonal is 1).
/// </summary>
/// <param name="Source">The keyword(s) it came from.</param>
/// <param name="Channels">Channel names, in matrix order.</param>
/// <param name="Values">Row-major n × n values.</param>
public sealed partial record FcsSpillover(string Source, IReadOnlyList<string> Channels, IReadOnlyList<double> Values)
{
    /// <summary>The value in row <paramref name="row"/>, column <paramref name="column"/>.</summary>
    public double this[int row, int column] => Values[(row * Channels.Count) + column];

    /// <summary>The first readable spillover of <paramref name="keywords"/>, or null.</summary>
    public static FcsSpillover? From(FcsKeywords keywords)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        foreach (var key in new[] { "$SPILLOVER", "SPILL", "$COMP" })
        {
            if (keywords[key] is { } text && Parse(key, text) is { } matrix)
            {
                return matrix;
            }
        }

        return FromDfc(keywords);
    }

    private static FcsSpillover? Parse(string source, string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 1000)
        {
            return null;
        }

        // n names and n × n numbers; a writer that emits only names (seen in the wild) gives no matrix.
        if (parts.Length != 1 + n + ((long)n * n))
        {
            return null;
        }

        var values = new double[n * n];
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.TryParse(parts[1 + n + i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                return null;
            }
        }

        return new FcsSpillover(source, parts[1..(1 + n)], values);
    }

    /// <summary>
    /// FCS 2.0 <c>$DFCiTOj</c>: the percentage of fluorescence detector i's signal that appears in detector j. The
    /// indices count fluorescence detectors (FL1, FL2, ...), not parameters (a Coulter file lists FL1 both as "FL1 Log"
    /// and "FL1 Lin"), and FCS 2.0 says nothing that maps one to the other; so the matrix is labelled FL1..FLn, n being
    /// the largest index used. Values are percentages (Coulter's "28.40" is 28.4 %) and are divided by 100; the
    /// diagonal is 1.
    /// </summary>
    private static FcsSpillover? FromDfc(FcsKeywords keywords)
    {
        var entries = new List<(int From, int To, double Percent)>();
        foreach (var key in keywords.Keys)
        {
            if (DfcKey().Match(key) is { Success: true } m
                && int.TryParse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture, out var from)
                && int.TryParse(m.Groups[2].ValueSpan, CultureInfo.InvariantCulture, out var to)
                && from is >= 1 and <= 64 && to is >= 1 and <= 64 && from != to
                && keywords.GetDouble(key) is { } percent)
            {
                entries.Add((from, to, percent));
            }
        }

        if (entries.Count == 0)
        {
            return null;
        }

        var n = entries.Max(e => Math.Max(e.From, e.To));
        var values = Enumerable.Range(0, n * n).Select(i => i % (n + 1) == 0 ? 1.0 : 0.0).ToArray();
        foreach (var (from, to, percent) in entries)
        {
            values[((from - 1) * n) + (to - 1)] = percent / 100.0;
        }

        return new FcsSpillover("$DFCnTOm", [.. Enumerable.Range(1, n).Select(i => $"FL{i}")], values);
    }

    [GeneratedRegex(@"^\$DFC(\d+)TO(\d+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DfcKey();
}
