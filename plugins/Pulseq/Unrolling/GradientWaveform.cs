using System.Numerics;
using Conduit.Plugins.Pulseq.Model;

namespace Conduit.Plugins.Pulseq.Unrolling;

/// <summary>
/// A gradient event as linear pieces between its corners, sampled at frame centres: frame n of an event placed at
/// frame s carries the waveform's value at (n − s + ½) / rate. Zero outside the corners.
/// </summary>
internal sealed class GradientWaveform
{
    private readonly double[] _times;
    private readonly double[] _values;
    private readonly double[] _slopes;

    public GradientWaveform(GradientEvent gradient)
    {
        (_times, _values) = gradient.Corners;
        _slopes = new double[_times.Length];
        for (var i = 0; i + 1 < _times.Length; i++)
        {
            var span = _times[i + 1] - _times[i];
            _slopes[i] = span > 0 ? (_values[i + 1] - _values[i]) / span : 0;
        }

        Peak = _values.Length == 0 ? 0 : _values.Max(Math.Abs);
    }

    /// <summary>The largest |value| (Hz/m).</summary>
    public double Peak { get; }

    /// <summary>Adds <paramref name="scale"/> × the waveform to <paramref name="destination"/> for frames
    /// [<paramref name="from"/>, <paramref name="to"/>), where destination[0] is frame <paramref name="origin"/>.</summary>
    public void AddTo(Span<float> destination, long origin, long eventStart, long from, long to, double framePeriod, double scale)
    {
        // Piece i covers the frames whose centres lie in [T_i, T_i+1); a frame centre is (n - eventStart + 0.5) × period.
        // Each piece is linear in n, so it is added as base + step × k, a vector at a time.
        var rate = 1 / framePeriod;
        var last = _times.Length - 1;
        var pieceStart = eventStart + (long)Math.Ceiling((_times[0] * rate) - 0.5);
        for (var i = 0; i < last && pieceStart < to; i++)
        {
            var pieceEnd = i == last - 1
                ? eventStart + (long)Math.Floor((_times[last] * rate) - 0.5) + 1
                : eventStart + (long)Math.Ceiling((_times[i + 1] * rate) - 0.5);
            var a = Math.Max(pieceStart, from);
            var b = Math.Min(pieceEnd, to);
            if (b > a)
            {
                // The ramp is anchored at the piece's first frame, not at the segment's, so a frame's value does not
                // depend on where segments are cut.
                var first = _values[i] + (_slopes[i] * (((pieceStart - eventStart + 0.5) * framePeriod) - _times[i]));
                AddRamp(destination.Slice((int)(a - origin), (int)(b - a)), a - pieceStart, (float)(scale * first), (float)(scale * _slopes[i] * framePeriod));
            }

            pieceStart = Math.Max(pieceStart, pieceEnd);
        }
    }

    private static void AddRamp(Span<float> span, long offset, float start, float step)
    {
        var k = 0;
        if (Vector.IsHardwareAccelerated && span.Length >= Vector<float>.Count)
        {
            var width = Vector<float>.Count;
            var steps = new Vector<float>(step);
            for (; k <= span.Length - width; k += width)
            {
                var values = new Vector<float>(start) + ((new Vector<float>(offset + k) + Iota) * steps);
                (new Vector<float>(span[k..]) + values).CopyTo(span[k..]);
            }
        }

        for (; k < span.Length; k++)
        {
            span[k] += start + ((offset + k) * step);
        }
    }

    private static readonly Vector<float> Iota = CreateIota();

    private static Vector<float> CreateIota()
    {
        Span<float> values = stackalloc float[Vector<float>.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i;
        }

        return new Vector<float>(values);
    }
}
