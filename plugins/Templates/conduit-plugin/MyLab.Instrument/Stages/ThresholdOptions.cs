using System.ComponentModel.DataAnnotations;

namespace MyLab.Instrument.Stages;

/// <summary>Options of <c>mylab.instrument.threshold</c>.</summary>
public sealed class ThresholdOptions
{
    /// <summary>Pixels below this value are set to <see cref="Floor"/>.</summary>
    public double Threshold { get; set; } = 0.5;

    /// <summary>The value that replaces pixels below the threshold.</summary>
    public double Floor { get; set; }

    /// <summary>How many frames to pass on at most (0: all of them).</summary>
    [Range(0, long.MaxValue)]
    public long MaxFrames { get; set; }
}
