using System.Globalization;
using System.Runtime.InteropServices;
using Conduit.Abstractions.Inspection;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Example.Format;
using Conduit.Plugins.Example.Inspection;
using Conduit.Plugins.Plotting;
using ScottPlot;

namespace Conduit.Plugins.Example.Plotting;

/// <summary>
/// <c>conduit plot</c> for frame files: one float32 frame (<c>--slice</c>, 0 by default) in grey with a colour bar,
/// from its minimum to its maximum or the <c>--level</c>/<c>--window</c> given, in millimetres by the file's spacing.
/// Only the frame drawn is read.
/// </summary>
public sealed class FrameFilePlotter : IFilePlotter
{
    private static readonly FrameFileInspector Inspector = new();

    /// <inheritdoc />
    public string Format => Inspector.Format;

    /// <inheritdoc />
    public IReadOnlyList<string> Kinds { get; } = ["frame"];

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName) => Inspector.Match(header, fileName);

    /// <inheritdoc />
    public async ValueTask PlotAsync(string path, PlotRequest request, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        await using var stream = File.OpenRead(path);
        var headerBytes = new byte[FrameFileHeader.Size];
        var read = await stream.ReadAtLeastAsync(headerBytes, headerBytes.Length, throwOnEndOfStream: false, cancellationToken);
        var header = FrameFileHeader.Parse(headerBytes.AsSpan(0, read), stream.Length, path);
        if (header.PixelType != PixelType.Float32)
        {
            throw new ArgumentException($"{Path.GetFileName(path)} holds {header.PixelType} frames; the plot draws float32 ones");
        }

        var frame = request.Slice ?? 0;
        if (frame < 0 || frame >= header.FrameCount)
        {
            throw new ArgumentException($"--slice {frame}: {Path.GetFileName(path)} has frames 0 to {header.FrameCount - 1}");
        }

        var bytes = new byte[header.FrameBytes];
        stream.Position = FrameFileHeader.Size + (frame * header.FrameBytes);
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        var pixels = MemoryMarshal.Cast<byte, float>(bytes);
        var cells = new double[header.Height, header.Width];
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var i = 0; i < pixels.Length; i++)
        {
            // Row 0 of the frame is its top row.
            cells[i / header.Width, i % header.Width] = pixels[i];
            min = Math.Min(min, pixels[i]);
            max = Math.Max(max, pixels[i]);
        }

        var (low, high) = request.GreyRange ?? (max > min ? (min, max) : (min - 0.5, min + 0.5));
        var plot = new Plot();
        static double Size(double spacing) => spacing > 0 && double.IsFinite(spacing) ? spacing : 1;
        var area = new CoordinateRect(0, header.Width * Size(header.SpacingX), 0, header.Height * Size(header.SpacingY));
        PlacedHeatmap.AddGreyImage(plot, cells, area, low, high);
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)}: frame {frame} of {header.FrameCount}, {header.Width} × {header.Height}, window {low:G5} to {high:G5}"));
        PlotImages.Write(plot, request, output, area.Width / area.Height);
    }
}
