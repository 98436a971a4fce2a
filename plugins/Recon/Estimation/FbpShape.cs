namespace Conduit.Plugins.Recon.Estimation;

/// <summary>The sizes that set what a reconstruction needs: sinogram angles × detectors in, N × N float32 slices out.</summary>
/// <param name="Angles">Projection angles (sinogram rows).</param>
/// <param name="Detectors">Detector bins (sinogram columns).</param>
/// <param name="OutputSize">Output pixels a side.</param>
public readonly record struct FbpShape(int Angles, int Detectors, int OutputSize)
{
    /// <summary>Bytes of one slice's float32 sinogram.</summary>
    public long SinogramBytes => 4L * Angles * Detectors;

    /// <summary>Bytes of one float32 output slice.</summary>
    public long SliceBytes => 4L * OutputSize * OutputSize;
}
