using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Recon.Stages;

/// <summary>
/// Options of <c>recon.phantom</c> and <c>recon.phantom-image</c>: the modified Shepp-Logan phantom drawn at
/// <see cref="Size"/> pixels a side, slice z turned by z × <see cref="TurnDegreesPerSlice"/>. Peak memory: (channel
/// capacity + 1) × one slice's sinogram (angles × detectors × 4 bytes) or image (size² × 4 bytes).
/// </summary>
public sealed class PhantomOptions
{
    /// <summary>Pixels a side of the phantom (its ellipses span the whole width).</summary>
    [Range(8, 16384)]
    public int Size { get; set; } = 512;

    /// <summary>Projection angles, spread evenly over <see cref="ArcDegrees"/>.</summary>
    [Range(1, 100_000)]
    public int Angles { get; set; } = 720;

    /// <summary>The arc the angles cover, in degrees (180 for parallel beam).</summary>
    [Range(1.0, 360.0)]
    public double ArcDegrees { get; set; } = 180;

    /// <summary>Detector bins; 0: <see cref="Size"/>.</summary>
    [Range(0, 65536)]
    public int Detectors { get; set; }

    /// <summary>Slices to make.</summary>
    [Range(1, 100_000)]
    public int Slices { get; set; } = 1;

    /// <summary>The number of the first slice made (a chunk of a larger stack, as a work item's).</summary>
    [Range(0, 1_000_000)]
    public int FirstSlice { get; set; }

    /// <summary>Each slice is the phantom turned by this much more than the one before, so slices differ.</summary>
    [Range(-360.0, 360.0)]
    public double TurnDegreesPerSlice { get; set; }

    /// <summary>Pixel (and detector) spacing in millimetres; slices are this far apart too.</summary>
    [Range(1e-6, 1e6)]
    public double Spacing { get; set; } = 1;

    /// <summary>Pool the sinograms or images are rented from.</summary>
    [PoolName]
    public string Pool { get; set; } = "default";

    internal int DetectorCount => Detectors == 0 ? Size : Detectors;
}
