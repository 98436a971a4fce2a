using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Dicos.Stages;

/// <summary>Options of <c>dicos.read</c>. Peak memory: the file (it is read whole) plus one frame per message the output
/// channel holds.</summary>
public sealed class ReadDicosOptions
{
    /// <summary>A DICOS or DICOM image file.</summary>
    [Required]
    public string Path { get; set; } = "";

    /// <summary>Apply the rescale (slope and intercept) and emit float32 values; false: the stored integers.</summary>
    public bool Rescale { get; set; } = true;

    /// <summary>Pool the frames are rented from.</summary>
    [PoolName]
    public string Pool { get; set; } = "default";
}
