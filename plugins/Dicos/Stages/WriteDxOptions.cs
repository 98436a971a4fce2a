using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Dicos.Writing;

namespace Conduit.Plugins.Dicos.Stages;

/// <summary>
/// Options of <c>dicos.write-dx</c>. Each frame becomes one DX file. Float frames are stored as 16-bit unsigned values
/// with value = stored × slope + intercept; integer frames as they are. Peak memory: one frame of 16-bit values from
/// the pool, plus one compressed frame when encoding.
/// </summary>
public sealed class WriteDxOptions
{
    /// <summary>The DX file to write (atomically). When more than one frame arrives it must contain <c>{frame}</c>,
    /// which becomes the frame's index.</summary>
    [Required]
    [OutputFile]
    public string Path { get; set; } = "";

    /// <summary>DX for presentation (display-ready values, the default) or for processing (raw detector values).</summary>
    public bool ForPresentation { get; set; } = true;

    /// <summary>How pixel data is stored: native, jpeg-lossless or rle-lossless.</summary>
    public DicosEncoding Encoding { get; set; } = DicosEncoding.Native;

    /// <summary>Rescale slope for float frames.</summary>
    [Range(1e-12, 1e12)]
    public double RescaleSlope { get; set; } = 1;

    /// <summary>Rescale intercept for float frames.</summary>
    [Range(-1e12, 1e12)]
    public double RescaleIntercept { get; set; }

    /// <summary>What the rescaled values are (Rescale Type); US means unspecified.</summary>
    public string RescaleType { get; set; } = "US";

    /// <summary>Pool the 16-bit conversion buffer is rented from.</summary>
    [PoolName]
    public string Pool { get; set; } = "default";
}
