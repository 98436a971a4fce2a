using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Dicos.Writing;

namespace Conduit.Plugins.Dicos.Stages;

/// <summary>
/// Options of <c>dicos.write-ct</c>. Float frames are stored as 16-bit unsigned values with value = stored × slope +
/// intercept (the defaults hold −1 to 5.55 in steps of 10⁻⁴, right for reconstructed attenuation); integer frames are
/// stored as they are. Peak memory: one frame of 16-bit values from the pool; when encoding, frames are encoded on up
/// to one core each (at most 8), each holding a frame of 16-bit values from the pool (taken only if the pool has it at
/// once) and its compressed frame; the pixels are spooled to a temporary file, so memory does not grow with the number of frames (the header keeps 24
/// bytes of position per frame).
/// </summary>
public sealed class WriteCtOptions
{
    /// <summary>The DICOS CT file to write (atomically).</summary>
    [Required]
    [OutputFile]
    public string Path { get; set; } = "";

    /// <summary>Rescale slope for float frames.</summary>
    [Range(1e-12, 1e12)]
    public double RescaleSlope { get; set; } = 1e-4;

    /// <summary>Rescale intercept for float frames.</summary>
    [Range(-1e12, 1e12)]
    public double RescaleIntercept { get; set; } = -1;

    /// <summary>What the rescaled values are (Rescale Type): MU (linear attenuation), HU...</summary>
    public string RescaleType { get; set; } = "MU";

    /// <summary>How pixel data is stored: native, jpeg-lossless or rle-lossless.</summary>
    public DicosEncoding Encoding { get; set; } = DicosEncoding.Native;

    /// <summary>Pool the 16-bit conversion buffer is rented from.</summary>
    [PoolName]
    public string Pool { get; set; } = "default";
}
