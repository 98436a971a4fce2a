namespace Conduit.Plugins.Fcs.Reading;

/// <summary>How strictly to read.</summary>
public sealed record FcsReadOptions
{
    /// <summary>
    /// Lenient mode: when HEADER and TEXT disagree about where DATA lies, trust the HEADER (and note it) instead of
    /// refusing the file; a truncated DATA segment yields the events that are whole. Off by default, because a file
    /// whose offsets disagree may be read wrongly without anyone noticing.
    /// </summary>
    public bool Lenient { get; init; }

    /// <summary>Read HEADER and TEXT only, without checking DATA (for a file truncated after TEXT).</summary>
    public bool KeywordsOnly { get; init; }

    /// <summary>Compute the data set's CRC and compare it with a non-zero CRC field (one more pass over the file).</summary>
    public bool VerifyCrc { get; init; }

    /// <summary>The strict defaults.</summary>
    public static FcsReadOptions Default { get; } = new();
}
