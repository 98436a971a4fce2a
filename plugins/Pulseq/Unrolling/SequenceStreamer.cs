using System.Globalization;
using System.Runtime.InteropServices;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Pulseq.Model;

namespace Conduit.Plugins.Pulseq.Unrolling;

/// <summary>
/// Turns a sequence into a stream of segments on a fixed grid of <see cref="UnrollSettings.SegmentFrames"/> frames.
/// A segment that any event touches is rendered; a stretch that none touches becomes one idle run of whole segments.
/// Only the blocks that overlap the current segment are held, so memory does not depend on the sequence's length or on
/// the number of repetitions. Repetitions replay the parsed sequence (blocks flagged ONCE play only in the first or last).
/// </summary>
public sealed class SequenceStreamer
{
    /// <summary>Bytes of scratch space per frame that <see cref="Render"/> needs: four float channels and a marker byte.</summary>
    public const int ScratchBytesPerFrame = (4 * sizeof(float)) + 1;

    private const int RfSpan = 0;
    private const int AdcSpan = 4;
    private const int PhaseSpan = 5;

    private readonly PulseqSequence _sequence;
    private readonly UnrollSettings _settings;
    private readonly SampleClock _clock;
    private readonly int[] _channelMap;
    private readonly double _rfScale;
    private readonly double[] _gradientScale = new double[3];
    private readonly Dictionary<int, GradientWaveform> _gradients = [];
    private readonly Dictionary<int, RfWaveform> _rf = [];
    private readonly long[] _repetitionFrames;
    private readonly List<BlockInstance> _window = [];
    private int _generatorRepetition;
    private int _generatorBlock;
    private long _generatorRepetitionStart;
    private long _generatorTimePs;
    private bool _generatorDone;
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

        if (settings.ChannelMap.Count != 4 || settings.ChannelMap.Distinct().Count() != 4)
        {
            throw new ArgumentException("channelMap must name rf, gx, gy and gz once each", nameof(settings));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(settings.SegmentFrames, 16, nameof(settings.SegmentFrames));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Repetitions, 1, nameof(settings.Repetitions));
        ArgumentOutOfRangeException.ThrowIfNegative(settings.PhaseReferenceFrames, nameof(settings.PhaseReferenceFrames));
        if (settings.ChannelMap.Any(c => !Enum.IsDefined(c)))
        {
            throw new ArgumentException("channelMap must name rf, gx, gy and gz once each", nameof(settings));
        }

        _channelMap = settings.ChannelMap.Select(s => (int)s).ToArray();

        // Waveforms only for the events that blocks play.
        foreach (var block in sequence.Blocks)
        {
            if (block.Rf != 0 && !_rf.ContainsKey(block.Rf))
            {
                _rf[block.Rf] = new RfWaveform(PlayedRf(sequence, block, settings.RfChannel), settings.LarmorFrequency);
            }

            for (var axis = 0; axis < 3; axis++)
            {
                if (block.Gradient(axis) is var id and not 0 && !_gradients.ContainsKey(id))
                {
                    _gradients[id] = new GradientWaveform(sequence.Gradients[id]);
                }
            }
        }

        RfFullScale = settings.RfFullScale ?? Math.Max(_rf.Values.Select(r => r.Peak).DefaultIfEmpty(0).Max(), 1e-9);
        GradientFullScale = ResolveGradientFullScale();
        _rfScale = BitsFor(ChannelOf(CardSignal.Rf)) / RfFullScale;
        for (var axis = 0; axis < 3; axis++)
        {
            _gradientScale[axis] = BitsFor(Array.IndexOf(_channelMap, axis + 1)) / GradientFullScale[axis];
        }

        // Repetitions differ only by ONCE-flagged blocks: the first, the middle ones and the last.
        _repetitionFrames = new long[Math.Min(settings.Repetitions, 3)];
        for (var kind = 0; kind < _repetitionFrames.Length; kind++)
        {
            var r = kind == 2 || (kind == 1 && settings.Repetitions == 2) ? settings.Repetitions - 1 : kind;
            long ps = 0;
            for (var b = 0; b < sequence.Blocks.Count; b++)
            {
                ps += Plays(b, r) ? sequence.Blocks[b].DurationPs : 0;
            }

            _repetitionFrames[kind] = _clock.Frames(ps);
        }

        TotalFrames = settings.Repetitions switch
        {
            1 => _repetitionFrames[0],
            2 => checked(_repetitionFrames[0] + _repetitionFrames[1]),
            var n => checked(_repetitionFrames[0] + ((n - 2) * _repetitionFrames[1]) + _repetitionFrames[2]),
        };
        _planRepetitionEnd = _repetitionFrames[0];
    }

    /// <summary>Frames in the whole stream, all repetitions.</summary>
    public long TotalFrames { get; }

    /// <summary>Frames of one repetition (the first).</summary>
    public long RepetitionFrames => _repetitionFrames[0];

    /// <summary>The RF amplitude (Hz) at the 16-bit full scale.</summary>
    public double RfFullScale { get; }

    /// <summary>The gradient amplitudes (Hz/m) at the 15-bit full scale, x, y, z.</summary>
    public IReadOnlyList<double> GradientFullScale { get; }

    /// <summary>The card channel that plays <paramref name="signal"/>.</summary>
    public int ChannelOf(CardSignal signal) => Array.IndexOf(_channelMap, (int)signal);

    /// <summary>
    /// Every ADC event of the stream in order, on the frame grid exactly where <see cref="Render"/> raises the ADC gate
    /// marker, with the labels in force at its block (each block's LABELSET values first, then its LABELINC steps;
    /// labels start from 0 in every repetition). Walks the blocks afresh; the streaming state is not touched.
    /// </summary>
    public IEnumerable<AcquisitionWindow> AdcWindows()
    {
        long index = 0;
        long repetitionStart = 0;
        var blocks = _sequence.Blocks;
        for (var r = 0; r < _settings.Repetitions; r++)
        {
            var labels = new SortedDictionary<string, int>(StringComparer.Ordinal);
            long timePs = 0;
            var inRepetition = 0;
            for (var b = 0; b < blocks.Count; b++)
            {
                if (!Plays(b, r))
                {
                    continue;
                }

                var block = blocks[b];
                if (block.Extension != 0)
                {
                    UpdateLabels(block, labels);
                }

                if (block.Adc != 0)
                {
                    var adc = _sequence.AdcEvents[block.Adc];
                    var blockEnd = repetitionStart + _clock.Frames(timePs + block.DurationPs);
                    var start = repetitionStart + _clock.Frames(timePs + adc.DelayPs);
                    var end = Math.Min(start + _clock.Frames(adc.DurationPs), blockEnd);
                    if (end > start)
                    {
                        yield return new AcquisitionWindow(
                            index++, r, inRepetition++, start, end - start, checked((int)adc.Samples), adc.DwellPs * 1e-12, _settings.SampleRate,
                            adc.FrequencyOffset, adc.PhaseOffset, new Dictionary<string, int>(labels, StringComparer.Ordinal));
                    }
                }

                timePs += block.DurationPs;
            }

            repetitionStart += FramesOf(r);
        }
    }

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
            _planRepetitionEnd += FramesOf(_planRepetition);
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

        var n = (int)plan.Frames;
        var from = plan.FirstFrame;
        var to = from + n;
        var floats = channels[..(n * 4)];
        floats.Clear();
        markers = markers[..n];
        markers.Clear();
        var dt = _clock.FramePeriod;
        foreach (var instance in plan.Blocks)
        {
            var block = instance.Block;
            if (instance.Overlaps(RfSpan, from, to))
            {
                var (a, b) = Clip(instance.Spans[RfSpan], from, to);
                _rf[block.Rf].AddTo(floats[..n], from, instance.Origins[RfSpan], instance.RepetitionStart, a, b, dt, _settings.LarmorFrequency, _rfScale);
                markers[(int)(a - from)..(int)(b - from)].Or(2);
            }

            for (var axis = 0; axis < 3; axis++)
            {
                if (!instance.Overlaps(axis + 1, from, to))
                {
                    continue;
                }

                var (a, b) = Clip(instance.Spans[axis + 1], from, to);
                var waveform = _gradients[block.Gradient(axis)];
                for (var target = 0; target < 3; target++)
                {
                    var coefficient = instance.Rotation is { } r ? r[(target * 3) + axis] : (target == axis ? 1 : 0);
                    if (coefficient != 0)
                    {
                        waveform.AddTo(floats.Slice((target + 1) * n, n), from, instance.Origins[axis + 1], a, b, dt, coefficient * _gradientScale[target]);
                    }
                }
            }

            if (instance.Overlaps(AdcSpan, from, to))
            {
                var (a, b) = Clip(instance.Spans[AdcSpan], from, to);
                markers[(int)(a - from)..(int)(b - from)].Or(1);
            }

            if (instance.Overlaps(PhaseSpan, from, to))
            {
                var (a, b) = Clip(instance.Spans[PhaseSpan], from, to);
                markers[(int)(a - from)..(int)(b - from)].Or(4);
            }
        }

        Convert(floats, markers, destination[..(n * 4)], n, from);
    }

    private void Convert(ReadOnlySpan<float> floats, ReadOnlySpan<byte> markers, Span<short> destination, int n, long firstFrame)
    {
        var c0 = floats.Slice(_channelMap[0] * n, n);
        var c1 = floats.Slice(_channelMap[1] * n, n);
        var c2 = floats.Slice(_channelMap[2] * n, n);
        var c3 = floats.Slice(_channelMap[3] * n, n);
        var frames = MemoryMarshal.Cast<short, ulong>(destination);
        for (var f = 0; f < n; f++)
        {
            var q0 = (int)MathF.Round(c0[f]);
            var q1 = (int)MathF.Round(c1[f]);
            var q2 = (int)MathF.Round(c2[f]);
            var q3 = (int)MathF.Round(c3[f]);
            if (((uint)(q0 + 32767) > 65534u) | ((uint)(q1 + 16383) > 32766u) | ((uint)(q2 + 16383) > 32766u) | ((uint)(q3 + 16383) > 32766u))
            {
                throw OverRange(q0, q1, q2, q3, firstFrame + f);
            }

            var m = (uint)markers[f];
            frames[f] = (ushort)q0
                | ((ulong)(((uint)q1 & 0x7FFF) | ((m & 1) << 15)) << 16)
                | ((ulong)(((uint)q2 & 0x7FFF) | (((m >> 1) & 1) << 15)) << 32)
                | ((ulong)(((uint)q3 & 0x7FFF) | (((m >> 2) & 1) << 15)) << 48);
        }
    }

    private PulseqDataException OverRange(int q0, int q1, int q2, int q3, long at)
    {
        ReadOnlySpan<int> values = [q0, q1, q2, q3];
        var channel = Math.Abs((long)q0) > 32767 ? 0 : Math.Abs((long)q1) > 16383 ? 1 : Math.Abs((long)q2) > 16383 ? 2 : 3;
        return OverRange(channel, at, values[channel], channel == 0 ? 32767 : 16383);
    }

    private PulseqDataException OverRange(int channel, long at, int value, int limit)
    {
        var signal = (CardSignal)_channelMap[channel];
        var fullScale = signal == CardSignal.Rf ? RfFullScale : GradientFullScale[(int)signal - 1];
        var unit = signal == CardSignal.Rf ? "Hz" : "Hz/m";
        return new PulseqDataException(_sequence.FilePath, string.Create(CultureInfo.InvariantCulture,
            $"{signal} on channel {channel} reaches {value * fullScale / limit:G6} {unit} at frame {at} ({at * _clock.FramePeriod:F6} s), beyond the full scale {fullScale:G6} {unit}; raise the full scale"));
    }

    private static (long, long) Clip((long Start, long End) span, long from, long to) => (Math.Max(span.Start, from), Math.Min(span.End, to));

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

            if (_generatorDone)
            {
                return TotalFrames;
            }

            GenerateOne();
        }
    }

    /// <summary>Places blocks until one starts at or after <paramref name="to"/>.</summary>
    private void Generate(long to)
    {
        while (!_generatorDone && _generatorRepetitionStart + _clock.Frames(_generatorTimePs) < to)
        {
            GenerateOne();
        }
    }

    private void GenerateOne()
    {
        var blocks = _sequence.Blocks;
        while (!_generatorDone)
        {
            if (_generatorBlock == blocks.Count)
            {
                _generatorRepetitionStart += FramesOf(_generatorRepetition);
                _generatorRepetition++;
                _generatorBlock = 0;
                _generatorTimePs = 0;
                _generatorDone = _generatorRepetition == _settings.Repetitions;
                continue;
            }

            var index = _generatorBlock++;
            if (!Plays(index, _generatorRepetition))
            {
                continue;
            }

            var block = blocks[index];
            var startPs = _generatorTimePs;
            _generatorTimePs += block.DurationPs;
            var instance = Place(block, index, startPs);
            if (instance.Last > instance.Start || instance.Spans[PhaseSpan].End > 0)
            {
                _window.Add(instance);
                return;
            }
        }
    }

    /// <summary>The single-channel pulse a block's RF event plays: itself, or the chosen channel of a pTx pulse.</summary>
    private static RfEvent PlayedRf(PulseqSequence sequence, SeqBlock block, int? channel)
    {
        var rf = sequence.RfEvents[block.Rf];
        if (rf.Channels == 1)
        {
            return rf;
        }

        return channel switch
        {
            null => throw new PulseqDataException(sequence.FilePath, $"block {block.Id}: RF event {rf.Id} drives {rf.Channels} transmit channels (parallel transmit), and one card channel plays one of them: choose it with the option rfChannel (0 to {rf.Channels - 1})", block.Line),
            var c when c >= rf.Channels => throw new PulseqDataException(sequence.FilePath, $"block {block.Id}: RF event {rf.Id} has transmit channels 0 to {rf.Channels - 1}; rfChannel is {c}", block.Line),
            var c => rf.ForChannel(c.Value),
        };
    }

    private BlockInstance Place(SeqBlock block, int index, long startPs)
    {
        var repStart = _generatorRepetitionStart;
        var instance = new BlockInstance
        {
            Block = block,
            Repetition = _generatorRepetition,
            RepetitionStart = repStart,
            Start = repStart + _clock.Frames(startPs),
            End = repStart + _clock.Frames(startPs + block.DurationPs),
            Rotation = _sequence.BlockRotations?[index],
        };
        if (block.Rf != 0)
        {
            var rf = _sequence.RfEvents[block.Rf];
            PlaceSpan(instance, RfSpan, startPs + rf.DelayPs, rf.DurationPs);
        }

        for (var axis = 0; axis < 3; axis++)
        {
            if (block.Gradient(axis) is var id and not 0)
            {
                var g = _sequence.Gradients[id];
                PlaceSpan(instance, axis + 1, startPs + g.DelayPs, g.DurationPs);
            }
        }

        if (block.Adc != 0)
        {
            var adc = _sequence.AdcEvents[block.Adc];
            PlaceSpan(instance, AdcSpan, startPs + adc.DelayPs, adc.DurationPs);
        }

        if (startPs == 0 && _settings.PhaseReferenceFrames > 0)
        {
            var repEnd = repStart + FramesOf(_generatorRepetition);
            instance.Spans[PhaseSpan] = (repStart, Math.Min(repStart + _settings.PhaseReferenceFrames, repEnd));
        }

        instance.Last = instance.Spans.Max(s => s.End);
        return instance;
    }

    private void PlaceSpan(BlockInstance instance, int span, long startPs, long durationPs)
    {
        var start = instance.RepetitionStart + _clock.Frames(startPs);
        var end = Math.Min(start + _clock.Frames(durationPs), instance.End);
        instance.Origins[span] = start;
        instance.Spans[span] = start < end ? (start, end) : (0, 0);
    }

    private void UpdateLabels(SeqBlock block, SortedDictionary<string, int> labels)
    {
        var extensions = _sequence.ExtensionsOf(block).ToList();
        foreach (var set in new[] { "LABELSET", "LABELINC" })
        {
            foreach (var (extension, _, fields) in extensions)
            {
                if (string.Equals(extension.Name, set, StringComparison.OrdinalIgnoreCase) && fields.Length >= 2)
                {
                    var value = int.Parse(fields[0], CultureInfo.InvariantCulture);
                    labels[fields[1]] = set == "LABELSET" ? value : labels.GetValueOrDefault(fields[1]) + value;
                }
            }
        }
    }

    /// <summary>Frames of repetition <paramref name="repetition"/>.</summary>
    private long FramesOf(int repetition) =>
        repetition == 0 ? _repetitionFrames[0]
        : repetition == _settings.Repetitions - 1 ? _repetitionFrames[^1]
        : _repetitionFrames[1];

    private bool Plays(int block, int repetition)
    {
        if (_sequence.OnceFlags is not { } once || _settings.Repetitions == 1)
        {
            return true;
        }

        return once[block] switch
        {
            0 => true,
            1 => repetition == 0,
            _ => repetition == _settings.Repetitions - 1,
        };
    }

    private static double BitsFor(int channel) => channel == 0 ? 32767 : 16383;

    private double[] ResolveGradientFullScale()
    {
        if (_settings.GradientFullScale is { } configured)
        {
            if (configured.Count != 3 || configured.Any(v => !(v > 0)))
            {
                throw new ArgumentException("gradientFullScale must give three positive amplitudes (Hz/m) for x, y and z", nameof(_settings));
            }

            return [.. configured];
        }

        var peak = new double[3];
        foreach (var block in _sequence.Blocks)
        {
            for (var axis = 0; axis < 3; axis++)
            {
                if (block.Gradient(axis) is var id and not 0)
                {
                    peak[axis] = Math.Max(peak[axis], _gradients[id].Peak);
                }
            }
        }

        if (_sequence.BlockRotations is not null)
        {
            var common = Math.Sqrt(3) * peak.Max();
            peak = [common, common, common];
        }

        return peak.Select(p => p > 0 ? p * 1.0001 : 1.0).ToArray();
    }
}
