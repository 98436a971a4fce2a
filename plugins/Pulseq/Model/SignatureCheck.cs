namespace Conduit.Plugins.Pulseq.Model;

/// <summary>
/// The <c>[SIGNATURE]</c> section and whether its hash matches. <see cref="Convention"/> says which bytes matched:
/// <c>spec</c> (everything before the newline that precedes <c>[SIGNATURE]</c>), <c>incl-newline</c> (that newline
/// too, as JEMRIS writes it) or either of those after CRLF → LF (files converted after signing).
/// </summary>
public sealed record SignatureCheck(bool Present, string? Type, string? Hash, bool Verified, string? Convention)
{
    /// <summary>A file without a signature.</summary>
    public static SignatureCheck Absent { get; } = new(false, null, null, false, null);
}
