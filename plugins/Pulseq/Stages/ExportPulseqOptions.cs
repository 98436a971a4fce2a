using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Pulseq.Stages;

/// <summary>Options of <c>pulseq.export</c>. Peak memory: one zero block of up to 1 MiB for dense idle runs; segments
/// are written from their own leases.</summary>
public sealed class ExportPulseqOptions
{
    /// <summary>The output file (written under a temporary name, renamed when the job succeeds).</summary>
    [Required]
    [OutputFile]
    public string Path { get; set; } = string.Empty;

    /// <summary>"sparse" (segments and idle runs, see docs/pulseq.md) or "dense" (raw int16 frames).</summary>
    public ExportFormat Format { get; set; } = ExportFormat.Sparse;
}
