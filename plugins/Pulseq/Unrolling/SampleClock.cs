namespace Conduit.Plugins.Pulseq.Unrolling;

/// <summary>
/// Converts sequence times (whole picoseconds) to frame indices. Rounding rule: a time goes to the nearest frame edge,
/// halves rounded up: frame = ⌊t × rate / 10¹² + ½⌋, computed in 128-bit integers, so it is exact for any time and rate.
/// </summary>
internal readonly struct SampleClock
{
    private readonly long _rate;

    public SampleClock(double sampleRate)
    {
        if (sampleRate < 1 || sampleRate != Math.Floor(sampleRate) || sampleRate > 1e10)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "the sample rate must be a whole number of Hz between 1 Hz and 10 GHz");
        }

        _rate = (long)sampleRate;
        FramePeriod = 1.0 / sampleRate;
    }

    /// <summary>Seconds per frame.</summary>
    public double FramePeriod { get; }

    public long Frames(long picoseconds) => (long)((((Int128)picoseconds * _rate) + 500_000_000_000) / 1_000_000_000_000);
}
