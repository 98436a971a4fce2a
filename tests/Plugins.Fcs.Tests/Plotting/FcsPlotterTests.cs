using System.Buffers.Binary;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Fcs.Plotting;
using Conduit.Testing.Files;
using ScottPlot;
using SkiaSharp;

namespace Conduit.Plugins.Fcs.Tests.Plotting;

/// <summary>Density plots and histograms, checked by what their pixels show.</summary>
public sealed class FcsPlotterTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_cluster_of_events_colours_its_place_in_the_density_plot_and_nowhere_else_far_from_it()
    {
        // 2,000 events around (200, 800) and 10 at (900, 100), on a 0-1000 grid.
        var path = Write(Enumerable.Range(0, 2000).Select(i => (200f + (i % 7), 800f + (i % 5)))
            .Concat(Enumerable.Range(0, 10).Select(_ => (900f, 100f))).ToList());
        var plot = FcsPlotter.Build(path, new PlotRequest { X = "A", Y = "B" }).GetPlot(0);
        using var bitmap = SKBitmap.Decode(plot.GetImageBytes(1000, 800, ImageFormat.Png));

        Assert.NotEqual(SKColors.White, Colour(plot, bitmap, 203, 802));
        Assert.NotEqual(SKColors.White, Colour(plot, bitmap, 900, 101));
        Assert.Equal(SKColors.White, Colour(plot, bitmap, 550, 450));
    }

    [Fact]
    public void An_unknown_channel_or_scale_is_a_clear_error()
    {
        var path = Write([(1f, 2f)]);

        var channel = Assert.Throws<ArgumentException>(() => FcsPlotter.Build(path, new PlotRequest { X = "CD99" }));
        var scale = Assert.Throws<ArgumentException>(() => FcsPlotter.Build(path, new PlotRequest { Scale = "cubic" }));

        Assert.Contains("--x CD99: no such channel (channels: A, B)", channel.Message, StringComparison.Ordinal);
        Assert.Contains("--scale cubic", scale.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Histograms_draw_one_panel_per_channel_named_after_it()
    {
        var plots = FcsPlotter.Build(SharedFcs.File("flowio/data1.fcs"), new PlotRequest { Kind = "histograms", Scale = "arcsinh" }).GetPlots();

        Assert.Equal(8, plots.Length);
        Assert.All(plots, p => Assert.Single(p.GetPlottables()));
        Assert.Equal("FSC-H", plots[0].Axes.Title.Label.Text.Split(' ')[0]);
        Assert.StartsWith("arcsinh", plots[1].Axes.Bottom.Label.Text, StringComparison.Ordinal);
    }

    private string Write(List<(float A, float B)> events)
    {
        var data = new byte[events.Count * 8];
        for (var i = 0; i < events.Count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 8), events[i].A);
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan((i * 8) + 4), events[i].B);
        }

        var path = _directory.File($"{Guid.NewGuid():N}.fcs");
        File.WriteAllBytes(path, FcsBuilder.Build(FcsBuilder.Keywords("F", "1,2,3,4", events.Count, ("A", 32, "1000"), ("B", 32, "1000")), data));
        return path;
    }

    private static SKColor Colour(Plot plot, SKBitmap bitmap, double x, double y)
    {
        var pixel = plot.GetPixel(new Coordinates(x, y));
        return bitmap.GetPixel((int)pixel.X, (int)pixel.Y);
    }
}
