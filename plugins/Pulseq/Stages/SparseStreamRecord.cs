namespace Conduit.Plugins.Pulseq.Stages;

/// <summary>One record of a sparse sample-stream file, as read.</summary>
/// <param name="FirstFrame">The stream frame it starts at.</param>
/// <param name="Frames">Frames it spans.</param>
/// <param name="IsIdle">True when the frames are all zero and no samples are stored.</param>
/// <param name="Repetition">The sequence repetition it belongs to.</param>
/// <param name="SamplesOffset">Byte offset of its samples in the file (frames × channels int16), or −1 when idle.</param>
public readonly record struct SparseStreamRecord(long FirstFrame, long Frames, bool IsIdle, int Repetition, long SamplesOffset);
