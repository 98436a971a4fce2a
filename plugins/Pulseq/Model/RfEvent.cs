namespace Conduit.Plugins.Pulseq.Model;

/// <summary>An entry of <c>[RF]</c>. Frequencies in Hz, phases in radians, times in picoseconds.</summary>
public sealed record RfEvent(
    int Id,
    double Amplitude,
    int MagnitudeShapeId,
    int PhaseShapeId,
    int TimeShapeId,
    long? CenterPs,
    long DelayPs,
    double FrequencyPpm,
    double PhasePpm,
    double FrequencyOffset,
    double PhaseOffset,
    char Use,
    IReadOnlyList<string> ExtraFields)
{
    /// <summary>Magnitude samples (0..1) of the pulse.</summary>
    public double[] Magnitude { get; init; } = [];

    /// <summary>Phase samples in cycles (0..1; × 2π gives radians).</summary>
    public double[] Phase { get; init; } = [];

    /// <summary>Sample times in RF raster units, or null for the default raster (samples at cell centres).</summary>
    public double[]? TimePoints { get; init; }

    /// <summary>The RF raster in picoseconds.</summary>
    public long RasterPs { get; init; }

    /// <summary>Duration of the pulse itself, without its delay: samples × raster, or the last time point rounded up
    /// to the raster for a time shape.</summary>
    public long DurationPs => TimePoints is null ? Magnitude.Length * RasterPs : (long)Math.Ceiling(TimePoints[^1] - 1e-9) * RasterPs;
}
