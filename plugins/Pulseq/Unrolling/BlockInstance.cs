using Conduit.Plugins.Pulseq.Model;

namespace Conduit.Plugins.Pulseq.Unrolling;

/// <summary>One block placed in the stream: its frames and those of its events (absolute frame indices).</summary>
internal sealed class BlockInstance
{
    public const int RfSpan = 0;
    public const int AdcSpan = 4;
    public const int PhaseSpan = 5;

    public required SeqBlock Block { get; init; }

    public required int Repetition { get; init; }

    public required long RepetitionStart { get; init; }

    public required long Start { get; init; }

    public required long End { get; init; }

    public double[]? Rotation { get; init; }

    /// <summary>Event frame spans: 0 RF, 1-3 gradients x, y, z, 4 ADC, 5 phase reference; an empty span is (0, 0).</summary>
    public (long Start, long End)[] Spans { get; } = new (long, long)[6];

    /// <summary>Where the event's waveform starts (before clipping to the block), per span.</summary>
    public long[] Origins { get; } = new long[6];

    /// <summary>The last frame any span of this instance touches, exclusive.</summary>
    public long Last { get; set; }

    public bool Overlaps(int span, long from, long to) => Spans[span].End > from && Spans[span].Start < to && Spans[span].End > Spans[span].Start;
}
