using Conduit.Plugins.Pulseq.Model;
using Conduit.Plugins.Pulseq.Unrolling;

namespace Conduit.Plugins.Pulseq.Tests.Unrolling;

/// <summary>Unrolls a whole (small) sequence into one array, idle runs written as zeros, and records the plans.</summary>
internal sealed class Unroll
{
    private Unroll(SequenceStreamer streamer, short[] samples, List<SegmentPlan> plans)
    {
        Streamer = streamer;
        Samples = samples;
        Plans = plans;
    }

    public SequenceStreamer Streamer { get; }

    /// <summary>Interleaved frames of 4 channels.</summary>
    public short[] Samples { get; }

    public List<SegmentPlan> Plans { get; }

    public long Frames => Samples.Length / 4;

    public static Unroll Run(PulseqSequence sequence, UnrollSettings settings)
    {
        var streamer = new SequenceStreamer(sequence, settings);
        var samples = new short[checked((int)(streamer.TotalFrames * 4))];
        var channels = new float[settings.SegmentFrames * 4];
        var markers = new byte[settings.SegmentFrames];
        var plans = new List<SegmentPlan>();
        while (streamer.TryNext(out var plan))
        {
            plans.Add(plan);
            if (!plan.IsIdle)
            {
                streamer.Render(plan, samples.AsSpan((int)(plan.FirstFrame * 4), (int)(plan.Frames * 4)), channels, markers);
            }
        }

        return new Unroll(streamer, samples, plans);
    }

    public short Raw(long frame, int channel) => Samples[(frame * 4) + channel];

    /// <summary>The 15-bit value of a gradient channel (1-3) without its marker.</summary>
    public int Value(long frame, int channel) => channel == 0 ? Raw(frame, 0) : (short)(Raw(frame, channel) << 1) >> 1;

    public bool Marker(long frame, int channel) => Raw(frame, channel) < 0;
}
