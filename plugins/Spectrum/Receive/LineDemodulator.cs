using Conduit.Abstractions.Messages;

namespace Conduit.Plugins.Spectrum.Receive;

/// <summary>
/// Digital down-conversion of a gated recording into ADC lines. The recording holds, back to back, the frames of
/// every gate; the windows say which frames belong to which ADC event. Each sample at stream frame n is mixed with
/// e^(−i 2π (f_carrier + f_offset) n / rate), so the phase is referenced to frame 0 of the stream (where the card
/// raises its phase-reference marker); the products are averaged over each dwell (an integrate-and-dump low-pass,
/// whose first zero lies at the dwell rate), doubled to undo the real signal's split into ±f, and turned by the
/// ADC's phase offset. A tone A·cos(2π f n / rate + φ) thus reads as A·e^(i(2π (f − f_demod) t + φ − φ_adc)).
/// </summary>
internal sealed class LineDemodulator(double carrierHz)
{
    private AcquisitionWindow? _window;
    private float[] _line = [];
    private long _frame;
    private int _sample;
    private long _sampleEnd;
    private double _re;
    private double _im;
    private int _count;
    private double _cos;
    private double _sin;
    private double _stepCos;
    private double _stepSin;

    /// <summary>Starts a window; <see cref="Feed"/> then takes its frames.</summary>
    public void Begin(AcquisitionWindow window, float[] line)
    {
        _window = window;
        _line = line;
        _frame = 0;
        _sample = 0;
        _sampleEnd = SampleEnd(window, 0);
        (_re, _im, _count) = (0, 0, 0);
        var frequency = carrierHz + window.FrequencyOffsetHz;

        // The phase at the window's first frame, exactly: (f × n0 / rate) mod 1 in decimal arithmetic.
        var cycles = (decimal)frequency * window.StartFrame / (decimal)window.SampleRate;
        var turn = (double)(cycles - decimal.Floor(cycles)) * 2 * Math.PI;
        (_sin, _cos) = Math.SinCos(-turn);
        (_stepSin, _stepCos) = Math.SinCos(-2 * Math.PI * frequency / window.SampleRate);
    }

    /// <summary>Frames of the current window still to come.</summary>
    public long Remaining => _window is null ? 0 : _window.Frames - _frame;

    /// <summary>Takes up to <see cref="Remaining"/> codes; returns how many it took. The line is complete when
    /// <see cref="Remaining"/> is 0.</summary>
    public int Feed(ReadOnlySpan<short> codes)
    {
        var window = _window ?? throw new InvalidOperationException("no window begun");
        var n = (int)Math.Min(codes.Length, Remaining);
        for (var j = 0; j < n; j++)
        {
            double x = codes[j];
            _re += x * _cos;
            _im += x * _sin;
            _count++;
            (_cos, _sin) = ((_cos * _stepCos) - (_sin * _stepSin), (_sin * _stepCos) + (_cos * _stepSin));
            _frame++;
            if (_frame == _sampleEnd)
            {
                Emit(window);
            }
        }

        return n;
    }

    private void Emit(AcquisitionWindow window)
    {
        // Average, double, and turn by the ADC's phase offset.
        var (s, c) = Math.SinCos(-window.PhaseOffsetRadians);
        var re = 2 * _re / Math.Max(_count, 1);
        var im = 2 * _im / Math.Max(_count, 1);
        _line[2 * _sample] = (float)((re * c) - (im * s));
        _line[(2 * _sample) + 1] = (float)((re * s) + (im * c));
        (_re, _im, _count) = (0, 0, 0);
        _sample++;
        _sampleEnd = SampleEnd(window, _sample);

        // Keep the oscillator on the unit circle over long windows.
        var norm = 1 / Math.Sqrt((_cos * _cos) + (_sin * _sin));
        _cos *= norm;
        _sin *= norm;
    }

    // Output sample k covers frames [floor(k F / S), floor((k + 1) F / S)).
    private static long SampleEnd(AcquisitionWindow window, int sample) =>
        sample >= window.Samples ? long.MaxValue : (long)((Int128)(sample + 1) * window.Frames / window.Samples);
}
