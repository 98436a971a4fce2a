using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Recon.Stages;

/// <summary>Options of <c>recon.sinogram</c>: each frame is one slice's sinogram, one row per angle. Peak memory: one
/// float32 sinogram per message in the output channel, plus one being converted (none for float32 frames it owns).</summary>
public sealed class FramesToSinogramOptions
{
    /// <summary>Projection angles in degrees, one per frame row. Empty: evenly over <see cref="ArcDegrees"/>.</summary>
    public List<double> Angles { get; set; } = [];

    /// <summary>The arc evenly spread angles cover, in degrees.</summary>
    [Range(1.0, 360.0)]
    public double ArcDegrees { get; set; } = 180;

    /// <summary>The first evenly spread angle, in degrees.</summary>
    [Range(-360.0, 360.0)]
    public double StartDegrees { get; set; }

    /// <summary>Rotation-axis position in bins relative to the middle bin (width / 2).</summary>
    [Range(-1e5, 1e5)]
    public double CentreOffset { get; set; }

    /// <summary>Pool converted sinograms are rented from.</summary>
    [PoolName]
    public string Pool { get; set; } = "default";
}
