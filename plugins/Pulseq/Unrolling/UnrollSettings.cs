namespace Conduit.Plugins.Pulseq.Unrolling;

/// <summary>
/// How a sequence becomes card samples. The defaults describe a Spectrum M2p.65xx AWG at 20 MHz with four channels:
/// RF on channel 0 (16 bits), Gx, Gy, Gz on channels 1-3 (15 bits, bit 15 a marker).
/// </summary>
public sealed record UnrollSettings
{
    /// <summary>Frames per second; a whole number of Hz.</summary>
    public double SampleRate { get; init; } = 20e6;

    /// <summary>The RF carrier (Hz); below half the sample rate. 0 plays the complex envelope's real part at baseband.</summary>
    public double LarmorFrequency { get; init; } = 2e6;

    /// <summary>Which signal each of the four card channels plays.</summary>
    public IReadOnlyList<CardSignal> ChannelMap { get; init; } = [CardSignal.Rf, CardSignal.Gx, CardSignal.Gy, CardSignal.Gz];

    /// <summary>Gradient amplitude (Hz/m) that maps to the 15-bit full scale, per axis x, y, z; null: the sequence's own
    /// peak (with rotations, √3 × the peak). A sample beyond full scale is an error, never clipped.</summary>
    public IReadOnlyList<double>? GradientFullScale { get; init; }

    /// <summary>RF amplitude (Hz) that maps to the 16-bit full scale; null: the sequence's peak RF amplitude.</summary>
    public double? RfFullScale { get; init; }

    /// <summary>Frames the phase-reference marker stays high at the start of each repetition.</summary>
    public int PhaseReferenceFrames { get; init; } = 20;

    /// <summary>Frames per segment (the card's notify size in frames).</summary>
    public int SegmentFrames { get; init; } = 65536;

    /// <summary>How many times the whole sequence plays (averages).</summary>
    public int Repetitions { get; init; } = 1;

    /// <summary>The transmit channel whose RF a parallel-transmit (pTx) pulse plays; null refuses pTx pulses.</summary>
    public int? RfChannel { get; init; }

    /// <summary>Give every segment a buffer, idle ones included (a dense stream, for comparison and export).</summary>
    public bool Dense { get; init; }
}
