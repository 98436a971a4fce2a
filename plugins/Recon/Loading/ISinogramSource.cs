namespace Conduit.Plugins.Recon.Loading;

/// <summary>A file of sinograms read one slice at a time.</summary>
internal interface ISinogramSource : IDisposable
{
    int Slices { get; }

    int Angles { get; }

    int Detectors { get; }

    /// <summary>The projection angles in degrees when the file stores them, otherwise null.</summary>
    double[]? AnglesDegrees { get; }

    /// <summary>Bytes of conversion scratch the source holds (0 when values are read straight into place).</summary>
    long ScratchBytes { get; }

    /// <summary>Reads slice <paramref name="slice"/> as float32, angles × detectors.</summary>
    void ReadSlice(int slice, Span<float> destination);
}
