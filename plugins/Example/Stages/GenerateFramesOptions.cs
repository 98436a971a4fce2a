using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Example.Stages;

/// <summary>
/// Options of <c>example.generate</c>. Peak memory: width × height × 4 bytes for the frame it fills, plus
/// (output channel capacity + 1) frames in flight to its consumer; frames stay rented from this stage's pool until the
/// last stage downstream disposes them.
/// </summary>
public sealed class GenerateFramesOptions
{
    /// <summary>Pixels per row.</summary>
    [Range(1, 65536)]
    public int Width { get; set; } = 256;

    /// <summary>Rows per frame.</summary>
    [Range(1, 65536)]
    public int Height { get; set; } = 256;

    /// <summary>Number of frames to generate.</summary>
    [Range(1, long.MaxValue)]
    public long Count { get; set; } = 16;

    /// <summary>What to draw: "gradient" or "noise".</summary>
    public FramePattern Pattern { get; set; } = FramePattern.Gradient;

    /// <summary>Seed of the noise pattern.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Name of a pool from the job's memory section to rent frames from; by default the stage's own pool.</summary>
    [PoolName]
    public string? Pool { get; set; }

    /// <summary>Pixel spacing in millimetres.</summary>
    [Range(1e-9, 1e9)]
    public double Spacing { get; set; } = 1.0;
}
