using System.Globalization;
using Conduit.Abstractions.Inspection;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Plotting;
using Conduit.Plugins.Spectrum.Inspection;
using Conduit.Plugins.Spectrum.Raw;
using ScottPlot;

namespace Conduit.Plugins.Spectrum.Plotting;

/// <summary>
/// <c>conduit plot</c> for raw acquisitions: <c>lines</c>, the magnitude of every line (line against time in the
/// line, with a colour bar); <c>line</c>, one line's real part, imaginary part and magnitude against time
/// (<c>--slice</c> picks the line, 0 by default); and, for Cartesian acquisitions, <c>kspace</c> and <c>image</c>:
/// one partition's lines placed by their <c>LIN</c> labels (log magnitude) and its centred inverse Fourier transform,
/// as the ISMRMRD plot draws them (<c>--slice</c> picks the <c>PAR</c> partition, the middle one by default).
/// </summary>
public sealed class RawDataPlotter : IFilePlotter
{
    private static readonly RawDataInspector Inspector = new();

    /// <inheritdoc />
    public string Format => Inspector.Format;

    /// <inheritdoc />
    public IReadOnlyList<string> Kinds { get; } = ["lines", "line", "kspace", "image"];

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName) => Inspector.Match(header, fileName);

    /// <inheritdoc />
    public ValueTask PlotAsync(string path, PlotRequest request, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        using var raw = RawDataReader.Open(path);
        var image = string.Equals(request.Kind, "image", StringComparison.OrdinalIgnoreCase);
        if (image || string.Equals(request.Kind, "kspace", StringComparison.OrdinalIgnoreCase))
        {
            KSpace(raw, request, cancellationToken).Write(image, Path.GetFileName(path), Partition(raw, request), (Label(raw, "PAR") is { Length: > 0 } par ? par.Max() : 0) + 1, request, output);
            return ValueTask.CompletedTask;
        }

        var plot = string.Equals(request.Kind, "line", StringComparison.OrdinalIgnoreCase) ? Line(raw, request.Slice ?? 0) : Lines(raw, cancellationToken);
        PlotImages.Write(plot, request, output);
        return ValueTask.CompletedTask;
    }

    // One partition's imaging lines, read one at a time: memory is that partition's k-space, not the file.
    private static KSpacePicture KSpace(RawDataReader raw, PlotRequest request, CancellationToken cancellationToken)
    {
        var partition = Partition(raw, request);
        var lin = Label(raw, "LIN") ?? Enumerable.Range(0, raw.Lines).ToArray();
        var (par, nav, rev) = (Label(raw, "PAR"), Label(raw, "NAV"), Label(raw, "REV"));
        var picture = new KSpacePicture(lin.Length == 0 ? 1 : lin.Max() + 1, raw.Width);
        var line = new float[2 * raw.Width];
        for (var i = 0; i < raw.Lines; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if ((par?[i] ?? 0) != partition || (nav?[i] ?? 0) != 0 || lin[i] < 0)
            {
                continue;
            }

            raw.ReadLine(i, line);
            picture.Add(lin[i], line, raw.Samples[i], (rev?[i] ?? 0) != 0);
        }

        return picture;
    }

    private static int Partition(RawDataReader raw, PlotRequest request)
    {
        var partitions = Label(raw, "PAR") is { Length: > 0 } par ? par.Max() : 0;
        var partition = request.Slice ?? ((partitions + 1) / 2);
        return partition >= 0 && partition <= partitions
            ? partition
            : throw new ArgumentException($"--slice {partition}: {Path.GetFileName(raw.Path)} has partitions 0 to {partitions}");
    }

    // Without LIN labels, lines go in the order they were acquired, as recon.cartesian takes them.
    private static int[]? Label(RawDataReader raw, string name) => raw.Labels.TryGetValue(name, out var values) ? values : null;

    private static Plot Lines(RawDataReader raw, CancellationToken cancellationToken)
    {
        var magnitudes = new double[raw.Lines, raw.Width];
        var line = new float[2 * raw.Width];
        for (var i = 0; i < raw.Lines; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            raw.ReadLine(i, line);
            for (var k = 0; k < raw.Width; k++)
            {
                magnitudes[i, k] = k < raw.Samples[i] ? Math.Sqrt((line[2 * k] * (double)line[2 * k]) + (line[(2 * k) + 1] * (double)line[(2 * k) + 1])) : double.NaN;
            }
        }

        var dwell = Dwell(raw, 0);
        var plot = new Plot();
        // Line 0 at the top, as the acquisition went; time in milliseconds.
        var area = new CoordinateRect(0, raw.Width * dwell * 1e3, raw.Lines - 0.5, -0.5);
        var heatmap = PlacedHeatmap.Add(plot, magnitudes, area);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.NaNCellColor = Colors.White;
        plot.Add.ColorBar(heatmap).Label = "|signal| (digitizer codes)";
        plot.Title($"{Path.GetFileName(raw.Path)}: magnitude of its {raw.Lines} lines");
        plot.XLabel("time in the line (ms)");
        plot.YLabel("line");
        plot.Axes.SetLimits(area.Left, area.Right, area.Bottom, area.Top);
        return plot;
    }

    private static Plot Line(RawDataReader raw, int index)
    {
        if (index < 0 || index >= raw.Lines)
        {
            throw new ArgumentException($"--slice {index}: {Path.GetFileName(raw.Path)} has lines 0 to {raw.Lines - 1}");
        }

        var values = new float[2 * raw.Width];
        raw.ReadLine(index, values);
        var n = raw.Samples[index];
        var dwell = Dwell(raw, index);
        var time = Enumerable.Range(0, n).Select(k => k * dwell * 1e3).ToArray();
        var plot = new Plot();
        (string Name, Func<int, double> Value, Color Color)[] parts =
        [
            ("real", k => values[2 * k], Colors.Blue),
            ("imaginary", k => values[(2 * k) + 1], Colors.OrangeRed),
            ("magnitude", k => Math.Sqrt((values[2 * k] * (double)values[2 * k]) + (values[(2 * k) + 1] * (double)values[(2 * k) + 1])), Colors.Black),
        ];
        foreach (var (name, value, color) in parts)
        {
            var scatter = plot.Add.ScatterLine(time, Enumerable.Range(0, n).Select(value).ToArray());
            scatter.LegendText = name;
            scatter.Color = color;
            scatter.LineWidth = 1.5f;
        }

        plot.ShowLegend(Alignment.UpperRight);
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(raw.Path)}: line {index} (ADC event {raw.AdcIndex[index]}, {raw.Averages[index]} averaged, {n} samples)"));
        plot.XLabel("time in the line (ms)");
        plot.YLabel("signal (digitizer codes)");
        return plot;
    }

    private static double Dwell(RawDataReader raw, int line) =>
        raw.Dwell.Length > line && raw.Dwell[line] > 0 ? raw.Dwell[line] : raw.SampleRate > 0 ? 1 / raw.SampleRate : 1;
}
