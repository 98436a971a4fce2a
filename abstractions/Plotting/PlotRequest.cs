namespace Conduit.Abstractions.Plotting;

/// <summary>What to draw. Each plotter uses the values that apply to its format and names the others it ignores.</summary>
public sealed record PlotRequest
{
    /// <summary>The kind of plot (one of <see cref="IFilePlotter.Kinds"/>); null: the plotter's default.</summary>
    public string? Kind { get; init; }

    /// <summary>Start of a time window, seconds (sequences).</summary>
    public double? From { get; init; }

    /// <summary>End of a time window, seconds (sequences).</summary>
    public double? To { get; init; }

    /// <summary>A slice index (volumes and images), from 0.</summary>
    public int? Slice { get; init; }

    /// <summary>A volume index (4D images), from 0.</summary>
    public int? Volume { get; init; }

    /// <summary>Channel on the x axis (event data).</summary>
    public string? X { get; init; }

    /// <summary>Channel on the y axis (event data).</summary>
    public string? Y { get; init; }

    /// <summary>Axis scale: <c>linear</c>, <c>log</c> or <c>arcsinh</c> (event data).</summary>
    public string Scale { get; init; } = "linear";

    /// <summary>A second file of the same format and size to compare with (a reconstruction's reference): the plotter
    /// draws the file, the reference and their difference side by side. Null: no comparison.</summary>
    public string? Reference { get; init; }

    /// <summary>Centre of the grey window (the window level) of an image plot, in the image's values; taken with
    /// <see cref="WindowWidth"/>.</summary>
    public double? WindowLevel { get; init; }

    /// <summary>Width of the grey window of an image plot, in the image's values; taken with
    /// <see cref="WindowLevel"/>.</summary>
    public double? WindowWidth { get; init; }

    /// <summary>The values drawn from black to white, level ∓ width / 2, when both are set; otherwise null and the
    /// plotter chooses (the file's own window, or percentiles).</summary>
    public (double Low, double High)? GreyRange =>
        WindowLevel is { } level && WindowWidth is { } width ? (level - (width / 2), level + (width / 2)) : null;

    /// <summary>Width of the picture in pixels.</summary>
    public int Width { get; init; } = 1200;

    /// <summary>Height of the picture in pixels; 0, the default, lets the plotter choose: an image's own proportions,
    /// 800 for a chart.</summary>
    public int Height { get; init; }

    /// <summary>PNG or SVG.</summary>
    public PlotImageFormat Format { get; init; } = PlotImageFormat.Png;
}
