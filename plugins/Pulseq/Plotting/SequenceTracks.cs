using System.Globalization;
using ScottPlot;

namespace Conduit.Plugins.Pulseq.Plotting;

/// <summary>
/// A plot of stacked tracks over a time window: each track gets a band one unit high (the first on top), its
/// waveform scaled so that its peak reaches ±0.42 of the band; gate tracks are filled rectangles. x is milliseconds.
/// </summary>
internal sealed class SequenceTracks(string title, double from, double to)
{
    private const double Half = 0.42;
    private readonly List<string> _labels = [];

    public Plot Plot { get; } = new();

    public double From { get; } = from;

    public double To { get; } = to;

    /// <summary>The y coordinate of the centre of track <paramref name="index"/> (0 is the top one).</summary>
    public static double CentreOf(int index) => -index;

    /// <summary>Band of the next track to add.</summary>
    public int Count => _labels.Count;

    public void Waveform(string name, string unit, List<(double T, double V)> points, Color color, double? fixedPeak = null)
    {
        var centre = CentreOf(_labels.Count);
        var inWindow = points.Where(p => p.T >= From && p.T <= To).Select(p => Math.Abs(p.V)).DefaultIfEmpty(0).Max();
        var peak = fixedPeak ?? inWindow;
        _labels.Add(peak > 0 ? string.Create(CultureInfo.InvariantCulture, $"{name} (±{peak:G3} {unit})") : name);
        if (points.Count == 0)
        {
            return;
        }

        var scale = peak > 0 ? Half / peak : 0;
        var line = Plot.Add.ScatterLine(points.Select(p => p.T * 1e3).ToArray(), points.Select(p => centre + (p.V * scale)).ToArray());
        line.Color = color;
        line.LineWidth = 1.5f;
        var zero = Plot.Add.HorizontalLine(centre);
        zero.Color = Colors.LightGray;
        zero.LineWidth = 1;
    }

    public void Gates(string name, List<(double Start, double End)> gates, Color color)
    {
        var centre = CentreOf(_labels.Count);
        _labels.Add(name);
        foreach (var (start, end) in gates)
        {
            var box = Plot.Add.Rectangle(start * 1e3, end * 1e3, centre - Half, centre + Half);
            box.FillStyle.Color = color.WithAlpha(0.6);
            box.LineStyle.Width = 0;
        }
    }

    public void Boundaries(List<double> starts)
    {
        if (starts.Count > 400)
        {
            return;
        }

        foreach (var t in starts)
        {
            var line = Plot.Add.VerticalLine(t * 1e3);
            line.Color = Colors.Gray.WithAlpha(0.3);
            line.LineWidth = 1;
        }
    }

    public void Finish(string xLabel)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < _labels.Count; i++)
        {
            ticks.AddMajor(CentreOf(i), _labels[i]);
        }

        Plot.Axes.Left.TickGenerator = ticks;
        Plot.Axes.SetLimits(From * 1e3, To * 1e3, CentreOf(_labels.Count - 1) - 0.5, 0.5);
        Plot.XLabel(xLabel, size: 13);
        Plot.Title(string.Create(CultureInfo.InvariantCulture, $"{title}: {From * 1e3:G6} to {To * 1e3:G6} ms"));
    }
}
