using Conduit.Abstractions.Plotting;
using ScottPlot;

namespace Conduit.Plugins.Plotting;

/// <summary>Renders a plot as PNG or SVG into a stream. One source file, compiled into every plotting plugin by
/// Plotting.props (plugins share no assemblies but Abstractions).</summary>
internal static class PlotImages
{
    /// <summary>Chart height when the request leaves it to the plotter.</summary>
    public const int DefaultHeight = 800;

    /// <summary>Memory rendering takes beside the data: the canvas and the encoded copy (4 bytes a pixel each) and
    /// ScottPlot's working memory; an open height counts as up to three times the width.</summary>
    public static long WorkingBytes(int width, int height) =>
        (8L * width * (height > 0 ? height : 3 * width)) + (4L << 20);

    /// <summary>Renders <paramref name="plot"/>; <paramref name="aspect"/>, the drawing's width over its height, sets
    /// the height when the request leaves it open (room for the title and a colour bar is added).</summary>
    public static void Write(Plot plot, PlotRequest request, Stream output, double? aspect = null)
    {
        var height = request.Height > 0 ? request.Height
            : aspect is { } a && a > 0 ? Math.Clamp((int)Math.Round(((request.Width - 160) / a) + 90), 200, 10000)
            : DefaultHeight;
        if (request.Width is < 100 or > 10000 || height is < 100 or > 10000)
        {
            throw new ArgumentException($"--width {request.Width} --height {height}: each must lie between 100 and 10000 pixels");
        }

        if (request.Format == PlotImageFormat.Svg)
        {
            using var writer = new StreamWriter(output, leaveOpen: true);
            writer.Write(plot.GetSvgXml(request.Width, height));
        }
        else
        {
            var bytes = plot.GetImageBytes(request.Width, height, ImageFormat.Png);
            output.Write(bytes);
        }
    }

    /// <summary>Renders several plots laid out by <paramref name="multiplot"/>'s layout (one plot renders as
    /// <see cref="Write(Plot, PlotRequest, Stream, double?)"/> does).</summary>
    public static void Write(Multiplot multiplot, PlotRequest request, Stream output)
    {
        if (multiplot.Count() == 1)
        {
            Write(multiplot.GetPlot(0), request, output);
            return;
        }

        var height = request.Height > 0 ? request.Height : DefaultHeight;
        if (request.Width is < 100 or > 10000 || height is < 100 or > 10000)
        {
            throw new ArgumentException($"--width {request.Width} --height {height}: each must lie between 100 and 10000 pixels");
        }

        if (request.Format == PlotImageFormat.Svg)
        {
            using (var canvas = SkiaSharp.SKSvgCanvas.Create(new SkiaSharp.SKRect(0, 0, request.Width, height), output))
            {
                multiplot.Render(canvas, new PixelRect(0, request.Width, height, 0));
            }

            return;
        }

        output.Write(multiplot.Render(request.Width, height).GetImageBytes(ImageFormat.Png));
    }
}
