using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Pulseq.Parsing;
using Conduit.Plugins.Pulseq.Plotting;
using ScottPlot;
using SkiaSharp;

namespace Conduit.Plugins.Pulseq.Tests.Plotting;

/// <summary>The sequence diagram and the card-stream plot, checked by what their pixels show.</summary>
public sealed class PulseqPlotterTests
{
    [Fact]
    public void The_diagram_fills_the_adc_band_inside_each_adc_window_and_leaves_it_blank_outside()
    {
        var sequence = SeqReader.Read(SharedPulseq.File("pulseq_gre_v151.seq"));
        var plot = PulseqPlotter.Build(sequence, new PlotRequest { From = 0, To = 0.025 });
        using var bitmap = Render(plot);

        // Block 4 (starting at 6.28 ms) holds the first ADC: 64 samples × 100 µs from 20 µs into the block.
        var adcBand = SequenceTracks.CentreOf(5) + 0.2; // off the grid line at the centre
        var inside = Colour(plot, bitmap, 9.3, adcBand);
        var before = Colour(plot, bitmap, 5.3, adcBand);

        Assert.True(inside.Red < 160 && inside.Green < 160 && inside.Blue < 160, $"inside the ADC window the band is {inside}");
        Assert.True(before.Red > 240 && before.Green > 240 && before.Blue > 240, $"before the ADC window the band is {before}");
    }

    [Fact]
    public void The_stream_plot_marks_rf_unblank_where_the_pulse_plays()
    {
        var sequence = SeqReader.Read(SharedPulseq.File("pulseq_gre_v151.seq"));
        var plot = PulseqPlotter.Build(sequence, new PlotRequest { Kind = "stream", From = 0, To = 0.012 });
        using var bitmap = Render(plot);

        var unblank = SequenceTracks.CentreOf(5) + 0.2;
        Assert.True(Colour(plot, bitmap, 2.3, unblank).Red < 220, "the RF unblank band is filled during the pulse");
        Assert.True(Colour(plot, bitmap, 8.3, unblank).Green > 240, "and blank after it");
    }

    [Theory]
    [InlineData(-1.0, 0.01)]
    [InlineData(0.0, 100.0)]
    [InlineData(0.02, 0.01)]
    public void A_window_outside_the_sequence_is_a_clear_error(double from, double to)
    {
        var sequence = SeqReader.Read(SharedPulseq.File("pulseq_gre_v151.seq"));

        var error = Assert.Throws<ArgumentException>(() => PulseqPlotter.Build(sequence, new PlotRequest { From = from, To = to }));

        Assert.Contains("the window must lie inside the sequence, 0 to 6.40064 s", error.Message, StringComparison.Ordinal);
    }

    private static SKBitmap Render(Plot plot) => SKBitmap.Decode(plot.GetImageBytes(1200, 800, ImageFormat.Png));

    private static SKColor Colour(Plot plot, SKBitmap bitmap, double x, double y)
    {
        var pixel = plot.GetPixel(new Coordinates(x, y));
        return bitmap.GetPixel((int)pixel.X, (int)pixel.Y);
    }
}
