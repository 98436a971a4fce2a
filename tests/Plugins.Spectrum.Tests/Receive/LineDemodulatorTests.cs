using System.Numerics;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Spectrum.Receive;

namespace Conduit.Plugins.Spectrum.Tests.Receive;

/// <summary>Down-conversion of a known tone: amplitude, frequency and phase come out as the tone was made.</summary>
public sealed class LineDemodulatorTests
{
    private const double Rate = 20e6;
    private const double Carrier = 2e6;

    [Theory]
    [InlineData(0, 256, 200, 0.0)]          // an integer decimation of 200, no ADC phase
    [InlineData(123_457, 100, 333, 0.7)]    // a window starting anywhere, 333 frames for 100 samples, an ADC phase
    public void A_tone_above_the_carrier_reads_as_its_amplitude_offset_and_phase(long start, int samples, int framesPerSample, double adcPhase)
    {
        const double amplitude = 1500;
        const double offset = 2500;
        const double phase = 0.3;
        var frames = (long)samples * framesPerSample;
        var window = Window(start, frames, samples, adcPhase);
        var codes = new short[frames];
        for (var j = 0; j < frames; j++)
        {
            codes[j] = (short)Math.Round(amplitude * Math.Cos((2 * Math.PI * (Carrier + offset) * (start + j) / Rate) + phase));
        }

        var line = Demodulate(window, codes);

        for (var k = 0; k < samples; k++)
        {
            // The dwell average of e^(iωt) over one dwell is sinc-weighted and centred half a dwell (less a frame) in.
            var t = ((start + (k * (double)frames / samples)) / Rate) + ((framesPerSample - 1) / Rate / 2);
            var expected = Complex.FromPolarCoordinates(amplitude, (2 * Math.PI * offset * t) + phase - adcPhase);
            // Within 1 %: the integrate-and-dump leaves a little of the image at twice the carrier (up to 1 / (N sin 2ω)
            // of it for N frames a sample: 0.3 % at 333 frames) and the sinc weight (0.03 % here).
            Assert.True(Complex.Abs(line[k] - expected) < amplitude * 0.01, $"sample {k}: {line[k]}, expected {expected}");
        }
    }

    [Fact]
    public void Samples_arrive_in_pieces_of_any_size_with_the_same_result()
    {
        var window = Window(5000, 64 * 10, 64, 0);
        var codes = Enumerable.Range(0, 640).Select(j => (short)Math.Round(800 * Math.Sin(2 * Math.PI * (Carrier + 1e4) * (5000 + j) / Rate))).ToArray();
        var whole = Demodulate(window, codes);

        var demodulator = new LineDemodulator(Carrier);
        var line = new float[128];
        demodulator.Begin(window, line);
        var fed = 0;
        foreach (var piece in new[] { 1, 7, 300, 31, 301 })
        {
            Assert.Equal(piece, demodulator.Feed(codes.AsSpan(fed, piece)));
            fed += piece;
        }

        Assert.Equal(0, demodulator.Remaining);
        Assert.Equal(whole, Enumerable.Range(0, 64).Select(k => new Complex(line[2 * k], line[(2 * k) + 1])));
    }

    private static AcquisitionWindow Window(long start, long frames, int samples, double adcPhase) =>
        new(0, 0, 0, start, frames, samples, frames / Rate / samples, Rate, 0, adcPhase, new Dictionary<string, int>());

    private static Complex[] Demodulate(AcquisitionWindow window, short[] codes)
    {
        var demodulator = new LineDemodulator(Carrier);
        var line = new float[2 * window.Samples];
        demodulator.Begin(window, line);
        Assert.Equal(codes.Length, demodulator.Feed(codes));
        Assert.Equal(0, demodulator.Remaining);
        return [.. Enumerable.Range(0, window.Samples).Select(k => new Complex(line[2 * k], line[(2 * k) + 1]))];
    }
}
