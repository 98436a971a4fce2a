using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Recon.Loading;

namespace Conduit.Plugins.Recon.Stages;

/// <summary>
/// Options of <c>recon.load-sinogram</c>. Values must be line integrals (after flat-field correction and −log). Peak
/// memory: (channel capacity + 1) × angles × detectors × 4 bytes, plus one slice of conversion scratch for
/// non-float32 HDF5 data or one row for <c>.npy</c>.
/// </summary>
public sealed class LoadSinogramOptions
{
    /// <summary>A <c>.npy</c> or HDF5 file (recognised by signature, not by name).</summary>
    [Required]
    [InputFile]
    public string Path { get; set; } = "";

    /// <summary>HDF5: the sinogram dataset (<c>/exchange/data</c> in APS Data Exchange files).</summary>
    public string Dataset { get; set; } = "sinogram";

    /// <summary>HDF5: a 1D dataset of angles in degrees, used when present (<c>/exchange/theta</c> in Data Exchange).</summary>
    public string AnglesDataset { get; set; } = "angles";

    /// <summary>The order of a 3D array's axes.</summary>
    public SinogramAxes Axes { get; set; } = SinogramAxes.SlicesAnglesDetectors;

    /// <summary>Projection angles in degrees, one per sinogram row; overrides the file's. Empty: the file's, or
    /// evenly over <see cref="ArcDegrees"/>.</summary>
    public List<double> Angles { get; set; } = [];

    /// <summary>The arc evenly spread angles cover, in degrees.</summary>
    [Range(1.0, 360.0)]
    public double ArcDegrees { get; set; } = 180;

    /// <summary>The first evenly spread angle, in degrees.</summary>
    [Range(-360.0, 360.0)]
    public double StartDegrees { get; set; }

    /// <summary>Rotation-axis position in bins relative to the middle bin (detectors / 2).</summary>
    [Range(-1e5, 1e5)]
    public double CentreOffset { get; set; }

    /// <summary>Detector bin spacing in millimetres (sets the output pixel spacing).</summary>
    [Range(1e-6, 1e6)]
    public double DetectorSpacing { get; set; } = 1;

    /// <summary>Distance between slices in millimetres.</summary>
    [Range(1e-6, 1e6)]
    public double SliceSpacing { get; set; } = 1;

    /// <summary>The first slice to read (a chunk of the stack, as a work item's).</summary>
    [Range(0, int.MaxValue)]
    public int FirstSlice { get; set; }

    /// <summary>Slices to read from <see cref="FirstSlice"/>; 0: to the end.</summary>
    [Range(0, int.MaxValue)]
    public int Slices { get; set; }

    /// <summary>Pool the sinograms are rented from.</summary>
    [PoolName]
    public string Pool { get; set; } = "default";
}
