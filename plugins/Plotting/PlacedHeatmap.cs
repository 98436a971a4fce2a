using ScottPlot;

namespace Conduit.Plugins.Plotting;

/// <summary>Adds heatmaps whose cells fill a rectangle exactly. ScottPlot's heatmap extent gives the outer cells'
/// centres, so a heatmap placed by its outline alone spills half a cell past every edge (and over its neighbours and
/// titles). One source file, compiled into every plotting plugin by Plotting.props.</summary>
internal static class PlacedHeatmap
{
    /// <summary>A heatmap of <paramref name="cells"/> (row 0 at the top) covering <paramref name="area"/>.</summary>
    public static ScottPlot.Plottables.Heatmap Add(Plot plot, double[,] cells, CoordinateRect area)
    {
        var heatmap = plot.Add.Heatmap(cells);
        var (rows, columns) = (cells.GetLength(0), cells.GetLength(1));
        var halfWidth = (area.Right - area.Left) / columns / 2;
        var halfHeight = (area.Top - area.Bottom) / rows / 2;
        heatmap.Extent = new CoordinateRect(area.Left + halfWidth, area.Right - halfWidth, area.Bottom + halfHeight, area.Top - halfHeight);
        return heatmap;
    }
}
