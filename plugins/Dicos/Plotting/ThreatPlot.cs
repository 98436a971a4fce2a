using System.Globalization;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Threats;
using Conduit.Plugins.Plotting;
using ScottPlot;

namespace Conduit.Plugins.Dicos.Plotting;

/// <summary>
/// A threat detection report as a picture: each object's box outlined in red, with its voxels in that slice filled.
/// Over the referenced image (<c>--reference</c>) the slice is <c>--slice</c> or the middle of the largest object,
/// coordinates are millimetres, and the title says which objects cross the slice; alone, the boxes and their voxels
/// projected along the frames are drawn on black in voxel coordinates from the image's first voxel (rows downwards).
/// Labels that would overlap are moved down until they do not.
/// </summary>
internal static class ThreatPlot
{
    private static readonly Color Outline = Colors.Red;

    public static Plot Build(DicomFile file, PlotRequest request, out CoordinateRect extent)
    {
        var report = ThreatReport.Read(file);
        var name = System.IO.Path.GetFileName(file.Path);
        return request.Reference is { } reference
            ? OverImage(report, name, reference, request, out extent)
            : Alone(report, name, out extent);
    }

    private static Plot OverImage(ThreatReport report, string name, string reference, PlotRequest request, out CoordinateRect extent)
    {
        using var mapped = MappedDicomFile.Open(reference);
        var image = new DicomImage(mapped.File);
        var largest = report.Threats.MaxBy(t => t.Voxels);
        var slice = request.Slice ?? (largest is null ? image.Frames / 2 : largest.Base.Z + (largest.Extents.Z / 2));
        var plot = DicosPlotter.Build(mapped.File, request with { Slice = slice, Reference = null }, out extent);
        var (rowSpacing, columnSpacing) = image.PixelSpacing;
        var labels = new Labels(plot, (extent.Top - extent.Bottom) / 30);
        var crossing = report.Threats.Where(t => slice >= t.Base.Z && slice < t.Base.Z + t.Extents.Z).ToList();
        foreach (var threat in crossing)
        {
            Draw(plot, labels, threat, slice, slice + 1, columnSpacing, rowSpacing, extent.Left, extent.Top);
        }

        var elsewhere = report.Threats.Except(crossing).Select(t => t.Extents.Z == 1
            ? string.Create(CultureInfo.InvariantCulture, $"PTO {t.Id} in frame {t.Base.Z}")
            : string.Create(CultureInfo.InvariantCulture, $"PTO {t.Id} in frames {t.Base.Z}-{t.Base.Z + t.Extents.Z - 1}")).ToList();
        var others = elsewhere.Count == 0 ? string.Empty : elsewhere.Count <= 3 ? $" ({string.Join(", ", elsewhere)})" : string.Empty;
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"{name} over {System.IO.Path.GetFileName(reference)} frame {slice}: {crossing.Count} of {Objects(report)} cross it{others}; {Decision(report)}"));
        return plot;
    }

    private static Plot Alone(ThreatReport report, string name, out CoordinateRect extent)
    {
        if (report.Threats.Count == 0)
        {
            throw new ArgumentException($"{name} reports no objects with voxels, so there is nothing to draw ({Decision(report)})");
        }

        // From the image's first voxel (the report does not say how large the image is) to past the farthest box.
        var x1 = report.Threats.Max(t => t.Base.X + t.Extents.X);
        var y1 = report.Threats.Max(t => t.Base.Y + t.Extents.Y);
        var margin = Math.Max(2, Math.Max(x1, y1) / 20);
        (x1, y1) = (x1 + margin, y1 + margin);

        // Voxel coordinates, rows downwards as in the image: the y axis is inverted and y is the row.
        var plot = new Plot();
        var canvas = plot.Add.Rectangle(0, x1, y1, 0);
        canvas.FillColor = Colors.Black;
        canvas.LineWidth = 0;
        var labels = new Labels(plot, -y1 / 30.0);
        foreach (var threat in report.Threats)
        {
            Draw(plot, labels, threat, threat.Base.Z, threat.Base.Z + threat.Extents.Z, 1, -1, 0, 0);
        }

        extent = new CoordinateRect(0, x1, y1, 0);
        plot.Axes.SetLimits(0, x1, y1, 0);
        plot.Axes.SquareUnits();
        plot.XLabel("column (voxels)");
        plot.YLabel("row (voxels)");
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"{name}: {Objects(report)}, {Decision(report)}; voxels of all frames (--reference IMAGE draws them over it)"));
        return plot;
    }

    // The object's voxels in frames [fromZ, toZ), projected, and its box outline; x = left + column × spacing, y = top − row × spacing.
    private static void Draw(Plot plot, Labels labels, ThreatObject threat, int fromZ, int toZ, double columnSpacing, double rowSpacing, double left, double top)
    {
        var (w, h) = (threat.Extents.X, threat.Extents.Y);
        var cells = new double[h, w];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var inside = false;
                for (var z = fromZ; z < toZ && !inside; z++)
                {
                    inside = threat.Contains(threat.Base.X + x, threat.Base.Y + y, z);
                }

                cells[y, x] = inside ? 1 : double.NaN;
            }
        }

        var (boxLeft, boxRight) = (left + (threat.Base.X * columnSpacing), left + ((threat.Base.X + w) * columnSpacing));
        var (boxTop, boxBottom) = (top - (threat.Base.Y * rowSpacing), top - ((threat.Base.Y + h) * rowSpacing));
        if (threat.HasMask)
        {
            var voxels = PlacedHeatmap.Add(plot, cells, new CoordinateRect(boxLeft, boxRight, boxBottom, boxTop));
            voxels.Colormap = new ScottPlot.Colormaps.Turbo();
            voxels.ManualRange = new ScottPlot.Range(0, 1);
            voxels.NaNCellColor = Colors.Transparent;
            voxels.Opacity = 0.45;
        }

        var box = plot.Add.Rectangle(boxLeft, boxRight, boxBottom, boxTop);
        box.FillColor = Colors.Transparent;
        box.LineColor = Outline;
        box.LineWidth = 2;
        labels.Add(string.Create(CultureInfo.InvariantCulture, $"PTO {threat.Id}{(threat.HasMask ? string.Empty : " (box only)")}"), boxLeft, boxTop);
    }

    // Box labels at their boxes' top-left corners, each moved down a line at a time while it would overlap one placed
    // before (nested and neighbouring boxes share corners); `line` is a text line's height in plot units, negative
    // when the y axis points down.
    private sealed class Labels(Plot plot, double line)
    {
        private readonly List<(double X, double Y, double Width)> _placed = [];

        public void Add(string text, double x, double y)
        {
            var width = Math.Abs(line) * 0.55 * text.Length;
            while (_placed.Any(p => Math.Abs(p.Y - y) < Math.Abs(line) && x < p.X + p.Width && p.X < x + width))
            {
                y -= line;
            }

            _placed.Add((x, y, width));
            var label = plot.Add.Text(text, x, y);
            label.LabelFontColor = Outline;
            label.LabelFontSize = 14;
            label.LabelAlignment = Alignment.LowerLeft;
        }
    }

    private static string Objects(ThreatReport report) => report.Threats.Count == 1 ? "1 object" : string.Create(CultureInfo.InvariantCulture, $"{report.Threats.Count} objects");

    private static string Decision(ThreatReport report) => report.AlarmDecision.Length > 0 ? report.AlarmDecision.ToLowerInvariant() : "no decision";
}
