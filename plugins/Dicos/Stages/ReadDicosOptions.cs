using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Dicos.Stages;

/// <summary>Options of <c>dicos.read</c>. Peak memory: the parsed header, one pool frame per message the output channel
/// holds, and the frames being decoded: up to one per core (at most 8), each with one decoded frame for compressed files
/// that are rescaled. Beyond the first, these are taken only if the pool has them at once. The file is memory-mapped, not read: its pages
/// are page cache, touched one frame at a time and reclaimable by the kernel.</summary>
public sealed class ReadDicosOptions
{
    /// <summary>A DICOS or DICOM image file.</summary>
    [Required]
    [InputFile]
    public string Path { get; set; } = "";

    /// <summary>Apply the rescale (slope and intercept) and emit float32 values; false: the stored integers.</summary>
    public bool Rescale { get; set; } = true;

    /// <summary>Pool the frames are rented from.</summary>
    [PoolName]
    public string Pool { get; set; } = "default";
}
