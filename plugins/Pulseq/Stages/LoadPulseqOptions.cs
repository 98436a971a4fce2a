using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Pulseq.Stages;

/// <summary>Options of <c>pulseq.load</c>. Peak memory: 20 × the file size + 1 MiB while parsing (measured 13-16 ×; a
/// 3 MB, 92,880-block file parses in about 48 MiB), reserved from the stage's budget; independent of the sequence's
/// duration.</summary>
public sealed class LoadPulseqOptions
{
    /// <summary>The <c>.seq</c> file (relative paths are relative to the job file).</summary>
    [Required]
    [InputFile]
    public string Path { get; set; } = string.Empty;

    /// <summary>Refuse a file whose [SIGNATURE] is missing or does not match (by default it is reported as a warning).</summary>
    public bool RequireValidSignature { get; set; }
}
