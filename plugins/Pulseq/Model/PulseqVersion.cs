using System.Globalization;

namespace Conduit.Plugins.Pulseq.Model;

/// <summary>The <c>[VERSION]</c> of a file. The revision is kept as written (PyPulseq writes <c>1post1</c>); its leading
/// digits are the numeric revision.</summary>
public sealed record PulseqVersion(int Major, int Minor, int Revision, string RevisionText)
{
    /// <summary>major × 1,000,000 + minor × 1,000 + revision, for comparisons (1.4.0 is 1004000).</summary>
    public int Combined => (Major * 1_000_000) + (Minor * 1_000) + Revision;

    /// <summary>Whether the file uses the 1.4+ layout (block durations, time shapes, no <c>[DELAYS]</c>).</summary>
    public bool AtLeast14 => Combined >= 1_004_000;

    /// <summary>Whether the file uses the 1.5+ layout (RF center and use, gradient first/last, ADC phase shapes).</summary>
    public bool AtLeast15 => Combined >= 1_005_000;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{RevisionText}");
}
