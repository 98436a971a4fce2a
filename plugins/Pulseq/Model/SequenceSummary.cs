namespace Conduit.Plugins.Pulseq.Model;

/// <summary>Figures that describe a whole sequence.</summary>
/// <param name="Blocks">Entries of <c>[BLOCKS]</c>.</param>
/// <param name="DurationPs">Sum of the block durations, picoseconds.</param>
/// <param name="RfEvents">Blocks with an RF event.</param>
/// <param name="GradientEvents">Gradient events over all blocks and axes.</param>
/// <param name="AdcEvents">Blocks with an ADC event.</param>
/// <param name="AdcSamples">ADC samples over all blocks.</param>
/// <param name="ActivePs">Time covered by RF, gradient or ADC events (the union within each block).</param>
/// <param name="Shapes">Entries of <c>[SHAPES]</c>.</param>
/// <param name="CompressedShapes">Shapes stored as run-length coded derivatives.</param>
public sealed record SequenceSummary(int Blocks, long DurationPs, int RfEvents, int GradientEvents, int AdcEvents, long AdcSamples, long ActivePs, int Shapes, int CompressedShapes)
{
    /// <summary>Transmit channels of the widest RF pulse: 1, or more for a parallel-transmit sequence.</summary>
    public int RfChannels { get; init; } = 1;

    /// <summary>Duration in seconds.</summary>
    public double DurationSeconds => DurationPs / 1e12;

    /// <summary>Fraction of the duration covered by events (0 for an empty sequence).</summary>
    public double ActiveFraction => DurationPs == 0 ? 0 : (double)ActivePs / DurationPs;

    /// <summary>Bytes of one dense buffer of the whole sequence at a sample rate, channels × int16.</summary>
    public long DenseBytes(double sampleRate, int channels) => (long)Math.Ceiling(DurationPs * 1e-12 * sampleRate) * channels * sizeof(short);
}
