using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Datasets.Stages;

/// <summary>Options of <c>datasets.plot</c>. Peak memory: one volume as doubles (x × y × z × 8 bytes).</summary>
public sealed class PlotDatasetOptions
{
    /// <summary>The picture to write: .png, or .svg.</summary>
    [Required]
    [OutputFile]
    public string Path { get; set; } = string.Empty;

    /// <summary>Slices per volume in the incoming frames; 0: all frames are one volume.</summary>
    [Range(0, int.MaxValue)]
    public int SlicesPerVolume { get; set; }

    /// <summary>Which volume to draw, from 0.</summary>
    [Range(0, int.MaxValue)]
    public int Volume { get; set; }

    /// <summary>The axial slice the three panels go through; -1: the middle one.</summary>
    [Range(-1, int.MaxValue)]
    public int Slice { get; set; } = -1;

    /// <summary>Width of the picture in pixels.</summary>
    [Range(100, 10000)]
    public int Width { get; set; } = 1200;

    /// <summary>Height of the picture in pixels.</summary>
    [Range(100, 10000)]
    public int Height { get; set; } = 600;
}
