using Conduit.Plugins.Recon.Filtering;

namespace Conduit.Plugins.Recon.Backprojection;

/// <summary>How a slice is reconstructed, whatever runs it.</summary>
internal sealed record FbpSettings
{
    public FilterKind Filter { get; init; } = FilterKind.RamLak;

    public PaddingKind Padding { get; init; } = PaddingKind.Zero;

    /// <summary>Output pixels a side.</summary>
    public required int OutputSize { get; init; }

    /// <summary>Output pixel size in detector spacings.</summary>
    public double PixelSize { get; init; } = 1;

    /// <summary>Zero the pixels outside the circle every projection sees (radius: half the detector width), as
    /// scikit-image's <c>iradon</c> does with <c>circle=True</c>.</summary>
    public bool CircleMask { get; init; } = true;

    /// <summary>The mask's radius in output pixels for <paramref name="detectors"/> bins.</summary>
    public double MaskRadius(int detectors) => detectors / 2 / PixelSize;

    /// <summary>Bytes of one output slice (float32).</summary>
    public long SliceBytes => (long)OutputSize * OutputSize * sizeof(float);
}
