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
    /// <summary>Magnitude samples (0..1) of the pulse; for parallel transmit, every channel's samples one channel after
    /// another (<see cref="Channels"/> × <see cref="SamplesPerChannel"/>).</summary>
    public double[] Magnitude { get; init; } = [];

    /// <summary>Transmit channels the pulse drives: 1, or more for a parallel-transmit (pTx) pulse, which MATLAB
    /// Pulseq 1.4.x writes as shapes of channels × samples values whose time shape restarts at every channel.</summary>
    public int Channels { get; init; } = 1;

    /// <summary>Samples of one channel.</summary>
    public int SamplesPerChannel => Magnitude.Length / Channels;

    /// <summary>Phase samples in cycles (0..1; × 2π gives radians).</summary>
    public double[] Phase { get; init; } = [];

    /// <summary>Sample times in RF raster units (one channel's: the same for every channel), or null for the default
    /// raster (samples at cell centres).</summary>
    public double[]? TimePoints { get; init; }

    /// <summary>The RF raster in picoseconds.</summary>
    public long RasterPs { get; init; }

    /// <summary>Duration of the pulse itself, without its delay: samples × raster, or the last time point rounded up
    /// to the raster for a time shape.</summary>
    public long DurationPs => TimePoints is null ? SamplesPerChannel * RasterPs : (long)Math.Ceiling(TimePoints[^1] - 1e-9) * RasterPs;

    /// <summary>The pulse one transmit channel plays.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channel"/> is not one of the pulse's channels.</exception>
    public RfEvent ForChannel(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Channels);
        if (Channels == 1)
        {
            return this;
        }

        var n = SamplesPerChannel;
        return this with { Magnitude = Magnitude[(channel * n)..((channel + 1) * n)], Phase = Phase[(channel * n)..((channel + 1) * n)], Channels = 1 };
    }
}
