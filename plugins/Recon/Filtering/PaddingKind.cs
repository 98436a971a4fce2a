namespace Conduit.Plugins.Recon.Filtering;

/// <summary>What fills a sinogram row beyond its detectors before the filter's FFT (the padding stops the circular
/// convolution from folding one edge into the other).</summary>
public enum PaddingKind
{
    /// <summary>Zeros: right for objects that lie inside the field of view.</summary>
    Zero,

    /// <summary>The edge values repeated outwards: less ringing for objects wider than the detector.</summary>
    Edge,
}
