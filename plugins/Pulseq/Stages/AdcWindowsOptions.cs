using System.ComponentModel.DataAnnotations;

namespace Conduit.Plugins.Pulseq.Stages;

/// <summary>Options of <c>pulseq.adc-windows</c>: the stream's sample rate and repetitions, as given to
/// <c>pulseq.unroll</c> (a receiver checks that the gates it records add up). Peak memory: the labels of one
/// block.</summary>
public sealed class AdcWindowsOptions
{
    /// <summary>Card sample rate in Hz (whole Hz), as <c>pulseq.unroll</c>'s.</summary>
    [Range(1.0, 1e10)]
    public double SampleRate { get; set; } = 20e6;

    /// <summary>How many times the sequence plays, as <c>pulseq.unroll</c>'s.</summary>
    [Range(1, 1_000_000)]
    public int Repetitions { get; set; } = 1;
}
