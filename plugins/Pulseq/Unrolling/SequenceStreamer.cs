using Conduit.Abstractions.Messages;
using Conduit.Plugins.Pulseq.Model;

namespace Conduit.Plugins.Pulseq.Unrolling;

/// <summary>
/// Turns a sequence into a stream of segments on a fixed grid of <see cref="UnrollSettings.SegmentFrames"/> frames.
/// A segment that any event touches is rendered; a stretch that none touches becomes one idle run of whole segments.
/// Only the blocks that overlap the current segment are held, so memory does not depend on the sequence's length or on
/// the number of repetitions. Repetitions replay the parsed sequence (blocks flagged ONCE play only in the first or last).
/// The streamer checks the settings and plans segments over a window of placed blocks; <see cref="RepetitionLayout"/>,
/// <see cref="BlockPlacer"/> and <see cref="SegmentRenderer"/> do the rest.
/// </summary>
public sealed class SequenceStreamer
{
    /// <summary>Bytes of scratch space per frame that <see cref="Render"/> needs: four float channels and a marker byte.</summary>
    public const int ScratchBytesPerFrame = (4 * sizeof(float)) + 1;

    private readonly PulseqSequence _sequence;
    private readonly UnrollSettings _settings;
    private readonly SampleClock _clock;
    private readonly RepetitionLayout _layout;
    private readonly BlockPlacer _placer;
    private readonly SegmentRenderer _renderer;
    private readonly List<BlockInstance> _window = [];
    private long _nextFrame;
    private int _planRepetition;
    private long _planRepetitionEnd;

    /// <summary>Prepares a stream of <paramref name="sequence"/> under <paramref name="settings"/>.</summary>
    /// <exception cref="ArgumentException">A setting is out of range (the message names it).</exception>
    public SequenceStreamer(PulseqSequence sequence, UnrollSettings settings)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(settings);
        _sequence = sequence;
        _settings = settings;
        _clock = new SampleClock(settings.SampleRate);
        if (!(settings.LarmorFrequency >= 0 && settings.LarmorFrequency < settings.SampleRate / 2))
        {
            throw new ArgumentException($"larmorFrequency {settings.LarmorFrequency} Hz must lie in [0, sampleRate / 2 = {settings.SampleRate / 2} Hz)", nameof(settings));
        }

        if (settings.ChannelMap.Count != 4 || settings.ChannelMap.Distinct().Count() != 4 || settings.ChannelMap.Any(c => !Enum.IsDefined(c)))
        {
            throw new ArgumentException("channelMap must name rf, gx, gy and gz once each", nameof(settings));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(settings.SegmentFrames, 16, nameof(settings.SegmentFrames));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Repetitions, 1, nameof(settings.Repetitions));
        ArgumentOutOfRangeException.ThrowIfNegative(settings.PhaseReferenceFrames, nameof(settings.PhaseReferenceFrames));
        _renderer = new SegmentRenderer(sequence, settings, _clock, [.. settings.ChannelMap.Select(s => (int)s)]);
        _layout = new RepetitionLayout(sequence, settings.Repetitions, _clock);
        _placer = new BlockPlacer(sequence, _layout, _clock, settings.PhaseReferenceFrames);
        _planRepetitionEnd = _layout.FramesOf(0);
    }

    /// <summary>Frames in the whole stream, all repetitions.</summary>
    public long TotalFrames => _layout.TotalFrames;

    /// <summary>Frames of one repetition (the first).</summary>
    public long RepetitionFrames => _layout.FramesOf(0);

    /// <summary>The RF amplitude (Hz) at the 16-bit full scale.</summary>
    public double RfFullScale => _renderer.RfFullScale;

    /// <summary>The gradient amplitudes (Hz/m) at the 15-bit full scale, x, y, z.</summary>
    public IReadOnlyList<double> GradientFullScale => _renderer.GradientFullScale;

    /// <summary>The card channel that plays <paramref name="signal"/>.</summary>
    public int ChannelOf(CardSignal signal) => _renderer.ChannelOf(signal);

    /// <summary>
    /// Every ADC event of the stream in order, on the frame grid exactly where <see cref="Render"/> raises the ADC gate
    /// marker, with the labels in force at its block (each block's LABELSET values first, then its LABELINC steps;
    /// labels start from 0 in every repetition). Walks the blocks afresh; the streaming state is not touched.
    /// </summary>
    public IEnumerable<AcquisitionWindow> AdcWindows() => AdcWindowWalk.Walk(_sequence, _layout, _clock, _settings.SampleRate);

    /// <summary>Plans the next segment; false at the end of the stream.</summary>
    public bool TryNext(out SegmentPlan plan)
    {
        if (_nextFrame >= TotalFrames)
        {
            plan = default;
            return false;
        }

        var from = _nextFrame;
        var to = Math.Min(from + _settings.SegmentFrames, TotalFrames);
        while (from >= _planRepetitionEnd && _planRepetition + 1 < _settings.Repetitions)
        {
            _planRepetition++;
            _planRepetitionEnd += _layout.FramesOf(_planRepetition);
        }

        Generate(to);
        _window.RemoveAll(i => i.Last <= from);
        if (_settings.Dense || AnyActive(from, to))
        {
            plan = new SegmentPlan(from, to - from, _planRepetition, false) { Blocks = Overlapping(to) };
        }
        else
        {
            var next = NextActive(from);
            var whole = (next - from) / _settings.SegmentFrames * _settings.SegmentFrames;
            var end = next >= TotalFrames ? TotalFrames : from + Math.Max(whole, to - from);
            plan = new SegmentPlan(from, end - from, _planRepetition, true);
        }

        _nextFrame = plan.FirstFrame + plan.Frames;
        return true;
    }

    /// <summary>Renders a planned (non-idle) segment as interleaved int16 frames. Thread-safe: plans may be rendered
    /// concurrently.</summary>
    /// <param name="plan">A plan from <see cref="TryNext"/> that is not idle.</param>
    /// <param name="destination">plan.Frames × 4 values.</param>
    /// <param name="channels">Scratch of at least plan.Frames × 4 floats, any content.</param>
    /// <param name="markers">Scratch of at least plan.Frames bytes, any content.</param>
    /// <exception cref="PulseqDataException">A sample exceeds the channel's full scale.</exception>
    public void Render(in SegmentPlan plan, Span<short> destination, Span<float> channels, Span<byte> markers)
    {
        if (plan.IsIdle)
        {
            throw new ArgumentException("an idle plan has nothing to render", nameof(plan));
        }

        _renderer.Render(plan, destination, channels, markers);
    }

    private BlockInstance[] Overlapping(long to)
    {
        var count = 0;
        while (count < _window.Count && _window[count].Start < to)
        {
            count++;
        }

        return _window.GetRange(0, count).ToArray();
    }

    private bool AnyActive(long from, long to)
    {
        foreach (var instance in _window)
        {
            if (instance.Start >= to)
            {
                break;
            }

            for (var s = 0; s < 6; s++)
            {
                if (instance.Overlaps(s, from, to))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The first frame at or after <paramref name="from"/> that an event touches, or <see cref="TotalFrames"/>.</summary>
    private long NextActive(long from)
    {
        while (true)
        {
            var next = long.MaxValue;
            foreach (var instance in _window)
            {
                foreach (var (start, end) in instance.Spans)
                {
                    if (end > start && end > from)
                    {
                        next = Math.Min(next, Math.Max(start, from));
                    }
                }
            }

            if (next != long.MaxValue)
            {
                return Math.Min(next, TotalFrames);
            }

            if (!_placer.TryPlaceNext(out var placed))
            {
                return TotalFrames;
            }

            _window.Add(placed);
        }
    }

    /// <summary>Places blocks until one starts at or after <paramref name="to"/>.</summary>
    private void Generate(long to)
    {
        while (!_placer.IsDone && _placer.NextStart < to && _placer.TryPlaceNext(out var placed))
        {
            _window.Add(placed);
        }
    }
}
