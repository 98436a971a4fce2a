using Conduit.Abstractions.Plotting;
using ScottPlot;

namespace Conduit.Plugins.Plotting;

/// <summary>Renders a plot as PNG or SVG into a stream. One source file, compiled into every plotting plugin by
/// Plotting.props (plugins share no assemblies but Abstractions).</summary>
internal static class PlotImages
{
    public static void Write(Plot plot, PlotRequest request, Stream output)
    {
        if (request.Width is < 100 or > 10000 || request.Height is < 100 or > 10000)
        {
            throw new ArgumentException($"--width {request.Width} --height {request.Height}: each must lie between 100 and 10000 pixels");
        }

        if (request.Format == PlotImageFormat.Svg)
        {
            using var writer = new StreamWriter(output, leaveOpen: true);
            writer.Write(plot.GetSvgXml(request.Width, request.Height));
        }
        else
        {
            var bytes = plot.GetImageBytes(request.Width, request.Height, ImageFormat.Png);
            output.Write(bytes);
        }
    }
}
