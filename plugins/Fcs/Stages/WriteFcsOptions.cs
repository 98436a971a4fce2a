using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Fcs.Writing;

namespace Conduit.Plugins.Fcs.Stages;

/// <summary>
/// Options of <c>fcs.write</c>: an FCS 3.1 file of float32 events, written as chunks arrive. Peak memory: none of its
/// own for float32 chunks (written straight from their leases); one chunk's float32 copy for float64 chunks.
/// </summary>
public sealed class WriteFcsOptions
{
    /// <summary>The FCS file to write (relative paths are relative to the job file); renamed into place when the job succeeds.</summary>
    [Required]
    [OutputFile]
    public string Path { get; set; } = string.Empty;

    /// <summary>How values are stored: "float32" (exact, the default), "int16" or "int32" (rounded and clamped to the range).</summary>
    public FcsWriteFormat DataType { get; set; } = FcsWriteFormat.Float32;

    /// <summary>$CYT: the cytometer, kept in the file for people.</summary>
    public string? Cytometer { get; set; }
}
