using System.Globalization;

namespace Conduit.Plugins.Fcs.Reading;

/// <summary>
/// A spillover (compensation) matrix: row i says how much of channel i's fluorochrome appears in each listed channel.
/// Read from <c>$SPILLOVER</c> (FCS 3.1), <c>SPILL</c> (BD, FCS 3.0) or, for FCS 2.0, the <c>$DFCnTOm</c> keywords
/// (percent of channel n seen in channel m; the diagonal is 1).
/// </summary>
/// <param name="Source">The keyword(s) it came from.</param>
/// <param name="Channels">Channel names, in matrix order.</param>
/// <param name="Values">Row-major n × n values.</param>
public sealed record FcsSpillover(string Source, IReadOnlyList<string> Channels, IReadOnlyList<double> Values)
{
    /// <summary>The value in row <paramref name="row"/>, column <paramref name="column"/>.</summary>
    public double this[int row, int column] => Values[(row * Channels.Count) + column];

    /// <summary>The first readable spillover of <paramref name="keywords"/>, or null.</summary>
    public static FcsSpillover? From(FcsKeywords keywords, IReadOnlyList<FcsChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentNullException.ThrowIfNull(channels);
        foreach (var key in new[] { "$SPILLOVER", "SPILL", "$COMP" })
        {
            if (keywords[key] is { } text && Parse(key, text) is { } matrix)
            {
                return matrix;
            }
        }

        return FromDfc(keywords, channels);
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

    private static FcsSpillover? FromDfc(FcsKeywords keywords, IReadOnlyList<FcsChannel> channels)
    {
        var n = channels.Count;
        double[]? values = null;
        for (var from = 1; from <= n; from++)
        {
            for (var to = 1; to <= n; to++)
            {
                if (from != to && keywords.GetDouble($"$DFC{from}TO{to}") is { } percent)
                {
                    values ??= [.. Enumerable.Range(0, n * n).Select(i => i % (n + 1) == 0 ? 1.0 : 0.0)];
                    values[((from - 1) * n) + (to - 1)] = percent / 100.0;
                }
            }
        }

        return values is null ? null : new FcsSpillover("$DFCnTOm", [.. channels.Select(c => c.Name)], values);
    }
}
