using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Memory;
using Conduit.Plugins.Pulseq.Unrolling;

namespace Conduit.Plugins.Pulseq.Stages;

/// <summary>
/// Options of <c>pulseq.unroll</c>. Peak memory: (parallelism + 1) × segment frames × 25 bytes (8 for the samples,
/// 17 for rendering scratch) plus the output channel's capacity × segment frames × 8, whatever the sequence's length
/// or the number of repetitions; with the defaults (512 KiB segments, 2 threads, capacity 4) 6.7 MiB.
/// </summary>
public sealed class UnrollPulseqOptions
{
    /// <summary>Card sample rate in Hz (whole Hz).</summary>
    [Range(1.0, 1e10)]
    public double SampleRate { get; set; } = 20e6;

    /// <summary>RF carrier in Hz, below half the sample rate (2 MHz: about 0.047 T for protons).</summary>
    [Range(0.0, 5e9)]
    public double LarmorFrequency { get; set; } = 2e6;

    /// <summary>What card channels 0-3 play: a permutation of "rf", "gx", "gy", "gz". Channel 0 has 16 bits; channels 1-3
    /// have 15 bits and carry the markers in bit 15 (1: ADC gate, 2: RF unblank, 3: phase reference).</summary>
    public List<CardSignal> ChannelMap { get; set; } = [CardSignal.Rf, CardSignal.Gx, CardSignal.Gy, CardSignal.Gz];

    /// <summary>Gradient amplitude in Hz/m at full scale, for x, y and z (mT/m × 42577.48 for protons). Empty: the
    /// sequence's own peak. A sample beyond full scale stops the job; it is never clipped.</summary>
    public List<double> GradientFullScale { get; set; } = [];

    /// <summary>RF amplitude in Hz at full scale; 0: the sequence's peak RF amplitude.</summary>
    [Range(0.0, 1e9)]
    public double RfFullScale { get; set; }

    /// <summary>Frames the phase-reference marker stays high at the start of each repetition.</summary>
    [Range(0, 1_000_000)]
    public int PhaseReferenceFrames { get; set; } = 20;

    /// <summary>Bytes per segment: the card's notify size (a multiple of 8 bytes, one frame of 4 int16).</summary>
    public ByteSize SegmentSize { get; set; } = ByteSize.Parse("512 KiB");

    /// <summary>How many times the sequence plays (averages); memory does not grow with it.</summary>
    [Range(1, 1_000_000)]
    public int Repetitions { get; set; } = 1;

    /// <summary>For a parallel-transmit (pTx) sequence, the transmit channel whose RF card channel 0 plays (0 is the
    /// first); without it such a sequence is refused, naming the first block with a pTx pulse.</summary>
    [Range(0, 1024)]
    public int? RfChannel { get; set; }

    /// <summary>Give idle stretches buffers of zeros too (a dense stream).</summary>
    public bool Dense { get; set; }

    /// <summary>Segments rendered at once.</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 2;

    /// <summary>Frames per segment.</summary>
    internal int SegmentFrames => (int)Math.Min(SegmentSize.Bytes / 8, int.MaxValue / SequenceStreamer.ScratchBytesPerFrame);

    internal UnrollSettings ToSettings() => new()
    {
        SampleRate = SampleRate,
        LarmorFrequency = LarmorFrequency,
        ChannelMap = ChannelMap,
        GradientFullScale = GradientFullScale.Count == 0 ? null : GradientFullScale,
        RfFullScale = RfFullScale > 0 ? RfFullScale : null,
        PhaseReferenceFrames = PhaseReferenceFrames,
        SegmentFrames = SegmentFrames,
        Repetitions = Repetitions,
        Dense = Dense,
        RfChannel = RfChannel,
    };
}
