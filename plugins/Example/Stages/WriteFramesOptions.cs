using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Example.Stages;

/// <summary>
/// Options of <c>example.write</c>. Peak memory: the frame being written plus a 64 KiB file buffer; frames go to disk
/// as they arrive, so the file may be far larger than memory.
/// </summary>
public sealed class WriteFramesOptions
{
    /// <summary>The frame file to write (relative paths are relative to the job file). Written under a temporary name
    /// and renamed when the job succeeds.</summary>
    [Required]
    [OutputFile]
    public string Path { get; set; } = string.Empty;
}
