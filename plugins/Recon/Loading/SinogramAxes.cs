namespace Conduit.Plugins.Recon.Loading;

/// <summary>How a 3D array on disk orders its axes (the last is always the detector).</summary>
public enum SinogramAxes
{
    /// <summary>(slices, angles, detectors): a stack of sinograms.</summary>
    SlicesAnglesDetectors,

    /// <summary>(angles, slices, detectors): a stack of projections, as tomography beamlines and TomoPy store them.</summary>
    AnglesSlicesDetectors,
}
