using System.Globalization;

namespace Conduit.Plugins.Pulseq.Model;

/// <summary>The <c>[VERSION]</c> of a file. The revision is kept as written (PyPulseq writes <c>1post1</c>); its leading
/// digits are the numeric revision.</summary>
public sealed record PulseqVersion(int Major, int Minor, int Revision, string RevisionText)
{
    /// <summary>major × 1,000,000 + minor × 1,000 + revision, for comparisons (1.4.0 is 1004000).</summary>
    public int Combined => (Major * 1_000_000) + (Minor * 1_000) + Math.Min(Revision, 999);

    /// <summary>Whether the file uses the 1.4+ layout (block durations, time shapes, no <c>[DELAYS]</c>).</summary>
    public bool AtLeast14 => Major > 1 || Minor >= 4;

    /// <summary>Whether the file uses the 1.5+ layout (RF center and use, gradient first/last, ADC phase shapes).</summary>
    public bool AtLeast15 => Major > 1 || Minor >= 5;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{RevisionText}");
}
