using Conduit.Plugins.Pulseq.Model;

namespace Conduit.Plugins.Pulseq.Unrolling;

/// <summary>
/// An RF event's complex envelope (Hz) and its carrier. On the default raster each sample holds for its raster cell (the
/// cell is the pulse's own DAC step); a time shape is interpolated linearly between its points. The carrier's phase is
/// 2π·f_Larmor·t (t from the start of the repetition, so it stays coherent across blocks) plus 2π·Δf·τ (τ from the
/// start of the pulse) plus the event's phase offset.
/// </summary>
internal sealed class RfWaveform
{
    private readonly double[] _magnitude;
    private readonly double[] _phase;
    private readonly double[]? _times;
    private readonly double _raster;
    private readonly double _frequencyOffset;
    private readonly double _phaseOffset;

    public RfWaveform(RfEvent rf, double larmorFrequency)
    {
        _magnitude = rf.Magnitude.Select(m => m * rf.Amplitude).ToArray();
        _phase = rf.Phase.Select(p => p * 2 * Math.PI).ToArray();
        _raster = rf.RasterPs * 1e-12;
        _times = rf.TimePoints?.Select(t => t * _raster).ToArray();
        _frequencyOffset = rf.FrequencyOffset + (rf.FrequencyPpm * 1e-6 * larmorFrequency);
        _phaseOffset = rf.PhaseOffset + (rf.PhasePpm * larmorFrequency * 1e-6);
        Peak = _magnitude.Length == 0 ? 0 : _magnitude.Max(Math.Abs);
    }

    /// <summary>The largest envelope magnitude (Hz).</summary>
    public double Peak { get; }

    public void AddTo(Span<float> destination, long origin, long eventStart, long repetitionStart, long from, long to, double framePeriod, double larmor, double scale)
    {
        var segment = 0;
        for (var n = from; n < to; n++)
        {
            var tau = (n - eventStart + 0.5) * framePeriod;
            double magnitude, phase;
            if (_times is null)
            {
                var cell = Math.Min((int)(tau / _raster), _magnitude.Length - 1);
                (magnitude, phase) = (_magnitude[cell], _phase[cell]);
            }
            else
            {
                if (tau < _times[0] || tau > _times[^1])
                {
                    continue;
                }

                while (segment < _times.Length - 2 && tau > _times[segment + 1])
                {
                    segment++;
                }

                (magnitude, phase) = Interpolate(segment, tau);
            }

            var cycles = larmor * ((n - repetitionStart + 0.5) * framePeriod);
            var carrier = 2 * Math.PI * (cycles - Math.Floor(cycles));
            var angle = carrier + (2 * Math.PI * _frequencyOffset * tau) + _phaseOffset + phase;
            destination[(int)(n - origin)] += (float)(scale * magnitude * Math.Cos(angle));
        }
    }

    private (double Magnitude, double Phase) Interpolate(int i, double tau)
    {
        if (_times!.Length == 1)
        {
            return (_magnitude[0], _phase[0]);
        }

        var span = _times[i + 1] - _times[i];
        var w = span > 0 ? (tau - _times[i]) / span : 0;
        var re = ((1 - w) * _magnitude[i] * Math.Cos(_phase[i])) + (w * _magnitude[i + 1] * Math.Cos(_phase[i + 1]));
        var im = ((1 - w) * _magnitude[i] * Math.Sin(_phase[i])) + (w * _magnitude[i + 1] * Math.Sin(_phase[i + 1]));
        return (Math.Sqrt((re * re) + (im * im)), Math.Atan2(im, re));
    }
}
