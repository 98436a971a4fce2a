namespace Conduit.Abstractions.Messages;

/// <summary>
/// What a raw-data file needs to say about the sequence that produced its lines: its name, its signature and the
/// definitions it declares (field of view, raster times, k-space centre, ...), as the sequence file wrote them. A
/// sequence source attaches one to every window it emits (<see cref="AcquisitionWindow.Sequence"/>).
/// </summary>
/// <param name="Name">The sequence's name (Pulseq's <c>Name</c> definition), or null where it declares none.</param>
/// <param name="Signature">The file's signature as <c>type:hash</c> (Pulseq's <c>[SIGNATURE]</c>, e.g.
/// <c>md5:…</c>), or null where it has none.</param>
/// <param name="Definitions">The definitions in file order, values as written (several numbers separated by
/// spaces).</param>
public sealed record SequenceDescription(string? Name, string? Signature, IReadOnlyList<KeyValuePair<string, string>> Definitions)
{
    /// <summary>The value of definition <paramref name="key"/> (case-sensitive), or null.</summary>
    /// <param name="key">The definition's name, e.g. <c>FOV</c>.</param>
    public string? Definition(string key)
    {
        foreach (var pair in Definitions)
        {
            if (string.Equals(pair.Key, key, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// Definition <paramref name="key"/> as numbers (invariant culture, separated by spaces or tabs), or null where the
    /// sequence does not define it or a value is not a number.
    /// </summary>
    /// <param name="key">The definition's name, e.g. <c>FOV</c>.</param>
    public double[]? Numbers(string key)
    {
        var text = Definition(key);
        if (text is null)
        {
            return null;
        }

        var parts = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out values[i]))
            {
                return null;
            }
        }

        return values;
    }
}
