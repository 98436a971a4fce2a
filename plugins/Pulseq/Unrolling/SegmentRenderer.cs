using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Conduit.Plugins.Pulseq.Model;

namespace Conduit.Plugins.Pulseq.Unrolling;

/// <summary>
/// Renders planned segments: adds each overlapping block's RF and (rotated) gradient waveforms into four float
/// channels, raises the ADC, RF and phase-reference markers, and packs the frames into the card's int16 layout
/// (channel 0 16-bit RF, channels 1-3 15-bit gradients with a marker in bit 15). Holds no per-segment state, so plans
/// may be rendered concurrently.
/// </summary>
internal sealed class SegmentRenderer
{
    // The golden ratio's fraction, (√5 − 1) / 2, in 32-bit fixed point.
    private const uint GoldenFixedPoint = 2654435769;

    private readonly PulseqSequence _sequence;
    private readonly UnrollSettings _settings;
    private readonly SampleClock _clock;
    private readonly int[] _channelMap;
    private readonly double _rfScale;
    private readonly double[] _gradientScale = new double[3];
    private readonly Dictionary<int, GradientWaveform> _gradients = [];
    private readonly Dictionary<int, RfWaveform> _rf = [];

    public SegmentRenderer(PulseqSequence sequence, UnrollSettings settings, SampleClock clock, int[] channelMap)
    {
        _sequence = sequence;
        _settings = settings;
        _clock = clock;
        _channelMap = channelMap;

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
    }

    public double RfFullScale { get; }

    public IReadOnlyList<double> GradientFullScale { get; }

    public int ChannelOf(CardSignal signal) => Array.IndexOf(_channelMap, (int)signal);

    public void Render(in SegmentPlan plan, Span<short> destination, Span<float> channels, Span<byte> markers)
    {
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
            if (instance.Overlaps(BlockInstance.RfSpan, from, to))
            {
                var (a, b) = Clip(instance.Spans[BlockInstance.RfSpan], from, to);
                _rf[block.Rf].AddTo(floats[..n], from, instance.Origins[BlockInstance.RfSpan], instance.RepetitionStart, a, b, dt, _settings.LarmorFrequency, _rfScale);
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

            if (instance.Overlaps(1, from, to) || instance.Overlaps(2, from, to) || instance.Overlaps(3, from, to))
            {
                Dither(floats, n, instance, from, to);
            }

            if (instance.Overlaps(BlockInstance.AdcSpan, from, to))
            {
                var (a, b) = Clip(instance.Spans[BlockInstance.AdcSpan], from, to);
                markers[(int)(a - from)..(int)(b - from)].Or(1);
            }

            if (instance.Overlaps(BlockInstance.PhaseSpan, from, to))
            {
                var (a, b) = Clip(instance.Spans[BlockInstance.PhaseSpan], from, to);
                markers[(int)(a - from)..(int)(b - from)].Or(4);
            }
        }

        Convert(floats, markers, destination[..(n * 4)], n, from);
    }

    // Adds, before rounding, d(m) = frac(m φ) − 1/2 (φ the golden ratio's fraction, m the frame's place in its
    // repetition, both taken as 32-bit fixed point so that every frame gets the same value however the stream is cut
    // into segments) to the gradients of a block. Rounded one by one, every sample of a plateau errs the same way, and
    // over a 6.4 ms readout at 20 MHz that drifted k by a tenth of a step; with this low-discrepancy dither a plateau
    // between two codes plays each as often as its value says, so areas, hence k-space, stay within a few code-frames
    // of the sequence's. A sample is then at most one code from its value instead of half of one.
    private static void Dither(Span<float> floats, int n, BlockInstance instance, long from, long to)
    {
        var (a, b) = (Math.Max(instance.Start, from), Math.Min(instance.End, to));
        var (start, end) = ((int)(a - from), (int)(b - from));
        var first = unchecked((uint)(a - instance.RepetitionStart));
        var gx = floats.Slice(n, n);
        var gy = floats.Slice(2 * n, n);
        var gz = floats.Slice(3 * n, n);
        var f = start;
        var width = Vector<uint>.Count;
        if (Vector.IsHardwareAccelerated && end - start >= width)
        {
            Span<uint> places = stackalloc uint[width];
            for (var k = 0; k < width; k++)
            {
                places[k] = unchecked(first + (uint)k);
            }

            var m = new Vector<uint>(places);
            var step = new Vector<uint>((uint)width);
            var golden = new Vector<uint>(GoldenFixedPoint);
            var scale = new Vector<float>(1f / (1 << 24));
            var half = new Vector<float>(0.5f);
            for (; f + width <= end; f += width)
            {
                var d = (Vector.ConvertToSingle(Vector.AsVectorInt32(Vector.ShiftRightLogical(m * golden, 8))) * scale) - half;
                (new Vector<float>(gx[f..]) + d).CopyTo(gx[f..]);
                (new Vector<float>(gy[f..]) + d).CopyTo(gy[f..]);
                (new Vector<float>(gz[f..]) + d).CopyTo(gz[f..]);
                m += step;
            }
        }

        for (; f < end; f++)
        {
            var d = ((unchecked((first + (uint)(f - start)) * GoldenFixedPoint) >> 8) * (1f / (1 << 24))) - 0.5f;
            gx[f] += d;
            gy[f] += d;
            gz[f] += d;
        }
    }

    private static (long, long) Clip((long Start, long End) span, long from, long to) => (Math.Max(span.Start, from), Math.Min(span.End, to));

    private static double BitsFor(int channel) => channel == 0 ? 32767 : 16383;

    private void Convert(ReadOnlySpan<float> floats, ReadOnlySpan<byte> markers, Span<short> destination, int n, long firstFrame)
    {
        var c0 = floats.Slice(_channelMap[0] * n, n);
        var c1 = floats.Slice(_channelMap[1] * n, n);
        var c2 = floats.Slice(_channelMap[2] * n, n);
        var c3 = floats.Slice(_channelMap[3] * n, n);
        var frames = MemoryMarshal.Cast<short, ulong>(destination);

        // Eight frames at a time where the hardware allows; the loop below finishes the rest, and takes over at the
        // first group holding a value out of range so that it reports that value.
        var f = Sse2.IsSupported && Vector256.IsHardwareAccelerated ? ConvertEightAtATime(c0, c1, c2, c3, markers, frames) : 0;
        for (; f < n; f++)
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

    /// <summary>The frame loop of <see cref="Convert"/> eight frames at a time: the same rounding (to even), the same
    /// range checks and the same packing, the four channels interleaved with unpack instructions. Returns the number of
    /// frames converted: a multiple of eight, stopping before a group with a value out of range.</summary>
    internal static int ConvertEightAtATime(ReadOnlySpan<float> c0, ReadOnlySpan<float> c1, ReadOnlySpan<float> c2, ReadOnlySpan<float> c3, ReadOnlySpan<byte> markers, Span<ulong> frames)
    {
        var rfOffset = Vector256.Create(32767);
        var rfLimit = Vector256.Create(65534u);
        var gradientOffset = Vector256.Create(16383);
        var gradientLimit = Vector256.Create(32766u);
        var magnitude = Vector128.Create((ushort)0x7FFF);
        var one = Vector128.Create((ushort)1);
        var output = MemoryMarshal.Cast<ulong, short>(frames);
        var f = 0;
        for (; f + 8 <= frames.Length; f += 8)
        {
            var q0 = Vector256.ConvertToInt32(Vector256.Round(Vector256.Create(c0.Slice(f, 8))));
            var q1 = Vector256.ConvertToInt32(Vector256.Round(Vector256.Create(c1.Slice(f, 8))));
            var q2 = Vector256.ConvertToInt32(Vector256.Round(Vector256.Create(c2.Slice(f, 8))));
            var q3 = Vector256.ConvertToInt32(Vector256.Round(Vector256.Create(c3.Slice(f, 8))));
            var outside = Vector256.GreaterThan((q0 + rfOffset).AsUInt32(), rfLimit)
                | Vector256.GreaterThan((q1 + gradientOffset).AsUInt32(), gradientLimit)
                | Vector256.GreaterThan((q2 + gradientOffset).AsUInt32(), gradientLimit)
                | Vector256.GreaterThan((q3 + gradientOffset).AsUInt32(), gradientLimit);
            if (outside != Vector256<uint>.Zero)
            {
                break;
            }

            var m = Vector128.WidenLower(Vector128.CreateScalar(MemoryMarshal.Read<ulong>(markers[f..])).AsByte());
            var s0 = Vector128.Narrow(q0.GetLower(), q0.GetUpper());
            var s1 = ((Vector128.Narrow(q1.GetLower(), q1.GetUpper()).AsUInt16() & magnitude) | ((m & one) << 15)).AsInt16();
            var s2 = ((Vector128.Narrow(q2.GetLower(), q2.GetUpper()).AsUInt16() & magnitude) | (((m >> 1) & one) << 15)).AsInt16();
            var s3 = ((Vector128.Narrow(q3.GetLower(), q3.GetUpper()).AsUInt16() & magnitude) | (((m >> 2) & one) << 15)).AsInt16();
            var low01 = Sse2.UnpackLow(s0, s1).AsInt32();
            var high01 = Sse2.UnpackHigh(s0, s1).AsInt32();
            var low23 = Sse2.UnpackLow(s2, s3).AsInt32();
            var high23 = Sse2.UnpackHigh(s2, s3).AsInt32();
            var at = output.Slice(f * 4, 32);
            Sse2.UnpackLow(low01, low23).AsInt16().CopyTo(at);
            Sse2.UnpackHigh(low01, low23).AsInt16().CopyTo(at[8..]);
            Sse2.UnpackLow(high01, high23).AsInt16().CopyTo(at[16..]);
            Sse2.UnpackHigh(high01, high23).AsInt16().CopyTo(at[24..]);
        }

        return f;
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
