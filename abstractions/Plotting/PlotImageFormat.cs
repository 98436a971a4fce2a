namespace Conduit.Abstractions.Plotting;

/// <summary>The image format of a plot.</summary>
public enum PlotImageFormat
{
    /// <summary>A PNG raster image.</summary>
    Png,

    /// <summary>An SVG vector image.</summary>
    Svg,
}
