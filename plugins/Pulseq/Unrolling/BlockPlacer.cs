using Conduit.Plugins.Pulseq.Model;

namespace Conduit.Plugins.Pulseq.Unrolling;

/// <summary>
/// Walks the blocks of every repetition in play order and places each on the frame grid with its events' spans.
/// Blocks with nothing to play (pure delays) are passed over, so the stream asks only for blocks that touch frames.
/// </summary>
internal sealed class BlockPlacer(PulseqSequence sequence, RepetitionLayout layout, SampleClock clock, long phaseReferenceFrames)
{
    private int _repetition;
    private int _block;
    private long _repetitionStart;
    private long _timePs;

    /// <summary>True once every block of every repetition has been placed.</summary>
    public bool IsDone { get; private set; }

    /// <summary>The frame where the next block to place starts.</summary>
    public long NextStart => _repetitionStart + clock.Frames(_timePs);

    /// <summary>Places the next block that plays something; false at the end.</summary>
    public bool TryPlaceNext(out BlockInstance instance)
    {
        var blocks = sequence.Blocks;
        while (!IsDone)
        {
            if (_block == blocks.Count)
            {
                _repetitionStart += layout.FramesOf(_repetition);
                _repetition++;
                _block = 0;
                _timePs = 0;
                IsDone = _repetition == layout.Repetitions;
                continue;
            }

            var index = _block++;
            if (!layout.Plays(index, _repetition))
            {
                continue;
            }

            var block = blocks[index];
            var startPs = _timePs;
            _timePs += block.DurationPs;
            instance = Place(block, index, startPs);
            if (instance.Last > instance.Start || instance.Spans[BlockInstance.PhaseSpan].End > 0)
            {
                return true;
            }
        }

        instance = null!;
        return false;
    }

    private BlockInstance Place(SeqBlock block, int index, long startPs)
    {
        var repStart = _repetitionStart;
        var instance = new BlockInstance
        {
            Block = block,
            Repetition = _repetition,
            RepetitionStart = repStart,
            Start = repStart + clock.Frames(startPs),
            End = repStart + clock.Frames(startPs + block.DurationPs),
            Rotation = sequence.BlockRotations?[index],
        };
        if (block.Rf != 0)
        {
            var rf = sequence.RfEvents[block.Rf];
            PlaceSpan(instance, BlockInstance.RfSpan, startPs + rf.DelayPs, rf.DurationPs);
        }

        for (var axis = 0; axis < 3; axis++)
        {
            if (block.Gradient(axis) is var id and not 0)
            {
                var g = sequence.Gradients[id];
                PlaceSpan(instance, axis + 1, startPs + g.DelayPs, g.DurationPs);
            }
        }

        if (block.Adc != 0)
        {
            var adc = sequence.AdcEvents[block.Adc];
            PlaceSpan(instance, BlockInstance.AdcSpan, startPs + adc.DelayPs, adc.DurationPs);
        }

        if (startPs == 0 && phaseReferenceFrames > 0)
        {
            var repEnd = repStart + layout.FramesOf(_repetition);
            instance.Spans[BlockInstance.PhaseSpan] = (repStart, Math.Min(repStart + phaseReferenceFrames, repEnd));
        }

        instance.Last = instance.Spans.Max(s => s.End);
        return instance;
    }

    private void PlaceSpan(BlockInstance instance, int span, long startPs, long durationPs)
    {
        var start = instance.RepetitionStart + clock.Frames(startPs);
        var end = Math.Min(start + clock.Frames(durationPs), instance.End);
        instance.Origins[span] = start;
        instance.Spans[span] = start < end ? (start, end) : (0, 0);
    }
}
