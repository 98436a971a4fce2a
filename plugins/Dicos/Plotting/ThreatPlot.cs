using System.Globalization;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Threats;
using ScottPlot;

namespace Conduit.Plugins.Dicos.Plotting;

/// <summary>
/// A threat detection report as a picture: each object's box outlined in red, with its voxels in that slice filled.
/// Over the referenced image (<c>--reference</c>) the slice is <c>--slice</c> or the middle of the largest object and
/// coordinates are millimetres; alone, the boxes and their voxels projected along the frames are drawn on black in voxel
/// coordinates.
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
        var top = extent.Top;
        foreach (var threat in report.Threats.Where(t => slice >= t.Base.Z && slice < t.Base.Z + t.Extents.Z))
        {
            Draw(plot, threat, slice, slice + 1, columnSpacing, rowSpacing, extent.Left, top);
        }

        plot.Title(string.Create(CultureInfo.InvariantCulture, $"{name} over {System.IO.Path.GetFileName(reference)} frame {slice}: {Objects(report)}, {Decision(report)}"));
        return plot;
    }

    private static Plot Alone(ThreatReport report, string name, out CoordinateRect extent)
    {
        if (report.Threats.Count == 0)
        {
            throw new ArgumentException($"{name} reports no objects with voxels, so there is nothing to draw ({Decision(report)})");
        }

        var (x0, y0) = (report.Threats.Min(t => t.Base.X), report.Threats.Min(t => t.Base.Y));
        var (x1, y1) = (report.Threats.Max(t => t.Base.X + t.Extents.X), report.Threats.Max(t => t.Base.Y + t.Extents.Y));
        var margin = Math.Max(2, Math.Max(x1 - x0, y1 - y0) / 10);
        (x0, y0, x1, y1) = (Math.Max(0, x0 - margin), Math.Max(0, y0 - margin), x1 + margin, y1 + margin);

        // Voxel coordinates with row 0 at the top, as over an image: y in the plot is the negated row.
        var plot = new Plot();
        var canvas = plot.Add.Rectangle(x0, x1, -y1, -y0);
        canvas.FillColor = Colors.Black;
        canvas.LineWidth = 0;
        foreach (var threat in report.Threats)
        {
            Draw(plot, threat, threat.Base.Z, threat.Base.Z + threat.Extents.Z, 1, 1, 0, 0);
        }

        extent = new CoordinateRect(x0, x1, -y1, -y0);
        plot.Axes.SquareUnits();
        plot.XLabel("column (voxels)");
        plot.YLabel("−row (voxels)");
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"{name}: {Objects(report)}, {Decision(report)}; voxels of all frames"));
        return plot;
    }

    // The object's voxels in frames [fromZ, toZ), projected, and its box outline; x = left + column × spacing, y = top − row × spacing.
    private static void Draw(Plot plot, ThreatObject threat, int fromZ, int toZ, double columnSpacing, double rowSpacing, double left, double top)
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
            var voxels = plot.Add.Heatmap(cells);
            voxels.Colormap = new ScottPlot.Colormaps.Turbo();
            voxels.ManualRange = new ScottPlot.Range(0, 1);
            voxels.NaNCellColor = Colors.Transparent;
            voxels.Opacity = 0.45;
            voxels.Extent = new CoordinateRect(boxLeft, boxRight, boxBottom, boxTop);
        }

        var box = plot.Add.Rectangle(boxLeft, boxRight, boxBottom, boxTop);
        box.FillColor = Colors.Transparent;
        box.LineColor = Outline;
        box.LineWidth = 2;
        var label = plot.Add.Text(string.Create(CultureInfo.InvariantCulture, $"PTO {threat.Id}{(threat.HasMask ? string.Empty : " (box only)")}"), boxLeft, boxTop);
        label.LabelFontColor = Outline;
        label.LabelFontSize = 14;
        label.LabelAlignment = Alignment.LowerLeft;
    }

    private static string Objects(ThreatReport report) => report.Threats.Count == 1 ? "1 object" : string.Create(CultureInfo.InvariantCulture, $"{report.Threats.Count} objects");

    private static string Decision(ThreatReport report) => report.AlarmDecision.Length > 0 ? report.AlarmDecision.ToLowerInvariant() : "no decision";
}
