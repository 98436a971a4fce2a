using System.Text.RegularExpressions;

namespace Conduit.Plugins.Fcs.Reading;

/// <summary>
/// The keywords of a data set that describe its events rather than their layout (instrument, dates, labels, spillover,
/// vendor keywords): what travels with event chunks as annotations, and how several files' keywords are merged.
/// </summary>
public static partial class FcsAnnotations
{
    private static readonly HashSet<string> Layout = new(StringComparer.OrdinalIgnoreCase)
    {
        "$BEGINANALYSIS", "$ENDANALYSIS", "$BEGINDATA", "$ENDDATA", "$BEGINSTEXT", "$ENDSTEXT", "$BYTEORD",
        "$DATATYPE", "$MODE", "$NEXTDATA", "$PAR", "$TOT",
    };

    /// <summary>Whether a writer must compute <paramref name="key"/> itself: segment offsets, data layout and the
    /// per-channel name, width, range, amplification and data type.</summary>
    public static bool IsLayout(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Layout.Contains(key.Trim()) || ChannelLayoutKey().IsMatch(key.Trim());
    }

    /// <summary>The annotations of <paramref name="dataSet"/>. Raw values keep their channels' <c>$PnE</c> and
    /// <c>$PnR</c> (a writer needs them to keep log-encoded channel numbers meaningful); with
    /// <paramref name="preprocessed"/> values, amplification, gain and time step are already applied, so <c>$PnE</c>,
    /// <c>$PnG</c> and <c>$TIMESTEP</c> are left out.</summary>
    public static Dictionary<string, string> Of(FcsDataSet dataSet, bool preprocessed)
    {
        ArgumentNullException.ThrowIfNull(dataSet);
        var annotations = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in dataSet.Keywords.Keys)
        {
            var amplification = ChannelAmplificationKey().IsMatch(key);
            if ((IsLayout(key) && !(amplification && !preprocessed))
                || (preprocessed && (ChannelGainKey().IsMatch(key) || string.Equals(key, "$TIMESTEP", StringComparison.OrdinalIgnoreCase))))
            {
                continue;
            }

            annotations[key] = dataSet.Keywords[key]!;
        }

        return annotations;
    }

    /// <summary>
    /// Merges the annotations of files that are concatenated: a keyword with the same value in every file is kept;
    /// <c>$BTIM</c> comes from the first file and <c>$ETIM</c> from the last; any other keyword that differs, or that
    /// some files lack, is dropped and listed in <paramref name="dropped"/>.
    /// </summary>
    public static Dictionary<string, string> Reconcile(IReadOnlyList<IReadOnlyDictionary<string, string>> files, out IReadOnlyList<string> dropped)
    {
        ArgumentNullException.ThrowIfNull(files);
        var merged = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var lost = new List<string>();
        if (files.Count == 0)
        {
            dropped = lost;
            return merged;
        }

        foreach (var (key, value) in files[0])
        {
            if (string.Equals(key, "$BTIM", StringComparison.OrdinalIgnoreCase))
            {
                merged[key] = value;
            }
            else if (string.Equals(key, "$ETIM", StringComparison.OrdinalIgnoreCase))
            {
                if (files[^1].TryGetValue(key, out var last))
                {
                    merged[key] = last;
                }
                else
                {
                    lost.Add(key);
                }
            }
            else if (files.All(f => f.TryGetValue(key, out var v) && string.Equals(v.Trim(), value.Trim(), StringComparison.Ordinal)))
            {
                merged[key] = value;
            }
            else
            {
                lost.Add(key);
            }
        }

        lost.AddRange(files.Skip(1).SelectMany(f => f.Keys).Where(k => !files[0].ContainsKey(k)).Distinct(StringComparer.OrdinalIgnoreCase));
        dropped = lost;
        return merged;
    }

    [GeneratedRegex(@"^\$P\d+(N|B|E|R|DATATYPE)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChannelLayoutKey();

    [GeneratedRegex(@"^\$P\d+G$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChannelGainKey();

    [GeneratedRegex(@"^\$P\d+(E|R)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChannelAmplificationKey();
}
