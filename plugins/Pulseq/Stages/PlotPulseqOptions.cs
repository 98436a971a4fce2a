using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Pulseq.Stages;

/// <summary>Options of <c>pulseq.plot</c>. Peak memory: the points of the window drawn (a few MB for 50 ms).</summary>
public sealed class PlotPulseqOptions
{
    /// <summary>The picture to write: .png, or .svg.</summary>
    [Required]
    [OutputFile]
    public string Path { get; set; } = string.Empty;

    /// <summary>"diagram" (RF, gradients, ADC) or "stream" (the unrolled card channels and markers).</summary>
    public string Kind { get; set; } = "diagram";

    /// <summary>Start of the window, seconds.</summary>
    [Range(0.0, 1e6)]
    public double From { get; set; }

    /// <summary>End of the window, seconds; 0: 50 ms after the start.</summary>
    [Range(0.0, 1e6)]
    public double To { get; set; }

    /// <summary>Width of the picture in pixels.</summary>
    [Range(100, 10000)]
    public int Width { get; set; } = 1200;

    /// <summary>Height of the picture in pixels.</summary>
    [Range(100, 10000)]
    public int Height { get; set; } = 800;
}
