namespace Conduit.Plugins.Pulseq.Unrolling;

/// <summary>The next piece of the stream: <see cref="Frames"/> frames from <see cref="FirstFrame"/>, either to render or
/// idle (all zero, no marker). A plan to render carries the blocks it overlaps, so segments can be rendered on any
/// thread, in any order.</summary>
public readonly record struct SegmentPlan(long FirstFrame, long Frames, int Repetition, bool IsIdle)
{
    internal BlockInstance[] Blocks { get; init; } = [];
}
