using Conduit.Abstractions.Inspection;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Fcs.Inspection;
using Conduit.Plugins.Fcs.Reading;
using Conduit.Plugins.Plotting;
using ScottPlot;

namespace Conduit.Plugins.Fcs.Plotting;

/// <summary>
/// <c>conduit plot</c> for FCS files: <c>density</c>, a two-channel density plot (a 256 × 256 histogram of events,
/// coloured by log count, with a colour bar; axes from the 0.1st to the 99.9th percentile; events beyond sit on the
/// edge), and <c>histograms</c>, one panel per channel in a grid, each with its own range. Axes are linear, log or
/// arcsinh.
/// </summary>
public sealed class FcsPlotter : IFilePlotter
{
    private const int Bins = 256;
    private static readonly FcsInspector Inspector = new();

    /// <inheritdoc />
    public string Format => Inspector.Format;

    /// <inheritdoc />
    public IReadOnlyList<string> Kinds { get; } = ["density", "histograms"];

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName) => Inspector.Match(header, fileName);

    /// <inheritdoc />
    public ValueTask PlotAsync(string path, PlotRequest request, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        PlotImages.Write(Build(path, request), request, output);
        return ValueTask.CompletedTask;
    }

    /// <summary>The plots, not yet rendered (one for a density; tests map data to pixels with it).</summary>
    internal static Multiplot Build(string path, PlotRequest request)
    {
        var file = FcsFile.Open(path, new FcsReadOptions { Lenient = true });
        var names = file.DataSets[0].Channels.Select(c => c.Name).ToList();
        return Build(Path.GetFileName(path), names, FcsEvents.ReadAll(file, 0, preprocess: true), request);
    }

    /// <summary>The plots of events given as rows of <paramref name="names"/>.Count values.</summary>
    internal static Multiplot Build(string title, List<string> names, double[] values, PlotRequest request)
    {
        var scale = AxisScale.Parse(request.Scale);
        return string.Equals(request.Kind, "histograms", StringComparison.OrdinalIgnoreCase)
            ? Histograms(title, names, values, scale)
            : new Multiplot(Density(title, names, values, scale, request));
    }

    private static Plot Density(string title, List<string> names, double[] values, AxisScale scale, PlotRequest request)
    {
        var x = ChannelIndex(names, request.X ?? names[0], "--x");
        var y = ChannelIndex(names, request.Y ?? names[Math.Min(1, names.Count - 1)], "--y");
        var n = names.Count;
        var events = values.Length / n;
        var xs = new double[events];
        var ys = new double[events];
        for (var e = 0; e < events; e++)
        {
            xs[e] = scale.Forward(values[(e * n) + x]);
            ys[e] = scale.Forward(values[(e * n) + y]);
        }

        var (xMin, xMax) = Percentiles(xs);
        var (yMin, yMax) = Percentiles(ys);
        var counts = new double[Bins, Bins];
        for (var e = 0; e < events; e++)
        {
            if (double.IsFinite(xs[e]) && double.IsFinite(ys[e]))
            {
                var col = Math.Clamp((int)((xs[e] - xMin) / (xMax - xMin) * Bins), 0, Bins - 1);
                var row = Math.Clamp((int)((ys[e] - yMin) / (yMax - yMin) * Bins), 0, Bins - 1);
                counts[Bins - 1 - row, col] += 1;
            }
        }

        for (var r = 0; r < Bins; r++)
        {
            for (var c = 0; c < Bins; c++)
            {
                counts[r, c] = counts[r, c] > 0 ? Math.Log10(counts[r, c]) + 1 : double.NaN;
            }
        }

        var plot = new Plot();
        var heatmap = PlacedHeatmap.Add(plot, counts, new CoordinateRect(xMin, xMax, yMin, yMax));
        heatmap.Colormap = new ScottPlot.Colormaps.Turbo();
        heatmap.NaNCellColor = Colors.White;
        plot.Add.ColorBar(heatmap).Label = "log10(events) + 1";
        plot.Title($"{title}: {events:N0} events");
        plot.XLabel(string.Format(System.Globalization.CultureInfo.InvariantCulture, scale.Label, names[x]));
        plot.YLabel(string.Format(System.Globalization.CultureInfo.InvariantCulture, scale.Label, names[y]));
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        return plot;
    }

    private static Multiplot Histograms(string title, List<string> names, double[] values, AxisScale scale)
    {
        var n = names.Count;
        var events = values.Length / n;
        var columns = (int)Math.Ceiling(Math.Sqrt(n));
        var multiplot = new Multiplot();
        multiplot.AddPlots(n);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid((n + columns - 1) / columns, columns);
        var channel = new double[events];
        for (var c = 0; c < n; c++)
        {
            for (var e = 0; e < events; e++)
            {
                channel[e] = scale.Forward(values[(e * n) + c]);
            }

            var (min, max) = Range(channel);
            var histogram = ScottPlot.Statistics.Histogram.WithBinCount(Bins, min, max);
            histogram.AddRange(channel.Where(double.IsFinite));
            var plot = multiplot.GetPlot(c);
            var line = plot.Add.ScatterLine(histogram.Bins, histogram.Counts.Select(v => (double)v).ToArray());
            line.Color = Colors.SteelBlue;
            line.LineWidth = 1.5f;
            // The file and the event count head the first panel; every panel names its channel.
            plot.Title(c == 0 ? $"{names[c]} ({title}: {events:N0} events)" : names[c], size: 12);
            plot.XLabel(string.Format(System.Globalization.CultureInfo.InvariantCulture, scale.Label, names[c]), size: 11);
            plot.YLabel(c % columns == 0 ? "events" : string.Empty, size: 11);
        }

        return multiplot;
    }

    private static int ChannelIndex(List<string> names, string name, string option)
    {
        var index = names.FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index : throw new ArgumentException($"{option} {name}: no such channel (channels: {string.Join(", ", names)})");
    }

    /// <summary>The 0.1st to 99.9th percentile: a few far-off events do not squeeze the populations into a corner.</summary>
    private static (double Min, double Max) Percentiles(double[] values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length < 100)
        {
            return Range(finite);
        }

        Array.Sort(finite);
        var (low, high) = (finite[(int)(0.001 * (finite.Length - 1))], finite[(int)(0.999 * (finite.Length - 1))]);
        return high > low ? (low, high) : Range(finite);
    }

    private static (double Min, double Max) Range(double[] values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                (min, max) = (Math.Min(min, v), Math.Max(max, v));
            }
        }

        return double.IsInfinity(min) ? (0, 1) : min == max ? (min - 0.5, max + 0.5) : (min, max);
    }
}
