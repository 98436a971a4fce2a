namespace Conduit.Plugins.Dicos.Codecs;

/// <summary>How many frames the DICOS stages decode or encode at once: frames are independent, so one per core, at
/// most 8 (each in flight holds a frame's buffers).</summary>
internal static class FrameParallelism
{
    public static int Degree => Math.Clamp(Environment.ProcessorCount, 1, 8);
}
