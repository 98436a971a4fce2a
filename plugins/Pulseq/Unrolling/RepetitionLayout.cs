using Conduit.Plugins.Pulseq.Model;

namespace Conduit.Plugins.Pulseq.Unrolling;

/// <summary>
/// Where each repetition lies on the frame grid. Repetitions differ only by blocks flagged ONCE (played in the first or
/// the last repetition only), so three lengths describe any number of them: the first, the middle ones and the last.
/// </summary>
internal sealed class RepetitionLayout
{
    private readonly PulseqSequence _sequence;
    private readonly long[] _frames;

    public RepetitionLayout(PulseqSequence sequence, int repetitions, SampleClock clock)
    {
        _sequence = sequence;
        Repetitions = repetitions;
        _frames = new long[Math.Min(repetitions, 3)];
        for (var kind = 0; kind < _frames.Length; kind++)
        {
            var r = kind == 2 || (kind == 1 && repetitions == 2) ? repetitions - 1 : kind;
            long ps = 0;
            for (var b = 0; b < sequence.Blocks.Count; b++)
            {
                ps += Plays(b, r) ? sequence.Blocks[b].DurationPs : 0;
            }

            _frames[kind] = clock.Frames(ps);
        }

        TotalFrames = repetitions switch
        {
            1 => _frames[0],
            2 => checked(_frames[0] + _frames[1]),
            var n => checked(_frames[0] + ((n - 2) * _frames[1]) + _frames[2]),
        };
    }

    public int Repetitions { get; }

    /// <summary>Frames of all repetitions together.</summary>
    public long TotalFrames { get; }

    /// <summary>Frames of repetition <paramref name="repetition"/>.</summary>
    public long FramesOf(int repetition) =>
        repetition == 0 ? _frames[0]
        : repetition == Repetitions - 1 ? _frames[^1]
        : _frames[1];

    /// <summary>Whether block <paramref name="block"/> (an index) plays in repetition <paramref name="repetition"/>.</summary>
    public bool Plays(int block, int repetition)
    {
        if (_sequence.OnceFlags is not { } once || Repetitions == 1)
        {
            return true;
        }

        return once[block] switch
        {
            0 => true,
            1 => repetition == 0,
            _ => repetition == Repetitions - 1,
        };
    }
}
