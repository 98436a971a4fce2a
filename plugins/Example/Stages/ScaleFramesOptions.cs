namespace Conduit.Plugins.Example.Stages;

/// <summary>
/// Options of <c>example.scale</c>: each pixel becomes <c>pixel × factor + offset</c>. Peak memory: 0 extra bytes when
/// it owns the frame (scaled in place); one frame when the frame is shared with another consumer (fan-out).
/// </summary>
public sealed class ScaleFramesOptions
{
    /// <summary>Multiplier.</summary>
    public double Factor { get; set; } = 1.0;

    /// <summary>Added after multiplying.</summary>
    public double Offset { get; set; }
}
