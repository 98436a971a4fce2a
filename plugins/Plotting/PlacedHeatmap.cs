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

    /// <summary>A grey heatmap of <paramref name="cells"/> over <paramref name="area"/>: black at
    /// <paramref name="low"/>, white at <paramref name="high"/>.</summary>
    public static ScottPlot.Plottables.Heatmap AddGrey(Plot plot, double[,] cells, CoordinateRect area, double low, double high)
    {
        var heatmap = Add(plot, cells, area);
        heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
        heatmap.ManualRange = new ScottPlot.Range(low, high);
        return heatmap;
    }

    /// <summary>One grey image in millimetres, as the image plotters draw a frame: the grey heatmap with its colour
    /// bar, on square axes that fit the image.</summary>
    public static ScottPlot.Plottables.Heatmap AddGreyImage(Plot plot, double[,] cells, CoordinateRect area, double low, double high)
    {
        var heatmap = AddGrey(plot, cells, area, low, high);
        plot.Add.ColorBar(heatmap);
        plot.Axes.SetLimits(area.Left, area.Right, area.Bottom, area.Top);
        plot.Axes.SquareUnits();
        plot.XLabel("mm");
        plot.YLabel("mm");
        return heatmap;
    }
}
