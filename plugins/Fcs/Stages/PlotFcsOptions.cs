using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Fcs.Stages;

/// <summary>Options of <c>fcs.plot</c>. Peak memory: the sample of events it keeps, maxEvents × channels × 8 bytes.</summary>
public sealed class PlotFcsOptions
{
    /// <summary>The picture to write: .png, or .svg.</summary>
    [Required]
    [OutputFile]
    public string Path { get; set; } = string.Empty;

    /// <summary>"density" (two channels) or "histograms" (every channel).</summary>
    public string Kind { get; set; } = "density";

    /// <summary>Channel on the x axis (density); default the first.</summary>
    public string? X { get; set; }

    /// <summary>Channel on the y axis (density); default the second.</summary>
    public string? Y { get; set; }

    /// <summary>Axis scale: linear, log or arcsinh.</summary>
    public string Scale { get; set; } = "linear";

    /// <summary>Events drawn at most: a uniform random sample of the stream when it has more.</summary>
    [Range(1, 100_000_000)]
    public int MaxEvents { get; set; } = 200_000;

    /// <summary>Width of the picture in pixels.</summary>
    [Range(100, 10000)]
    public int Width { get; set; } = 1200;

    /// <summary>Height of the picture in pixels.</summary>
    [Range(100, 10000)]
    public int Height { get; set; } = 800;
}
