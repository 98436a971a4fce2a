using System.Globalization;
using Conduit.Abstractions.Inspection;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Inspection;
using Conduit.Plugins.Dicos.Threats;
using Conduit.Plugins.Plotting;
using ScottPlot;

namespace Conduit.Plugins.Dicos.Plotting;

/// <summary>
/// <c>conduit plot</c> for DICOS and DICOM images (CT slices, DX images): one frame (<c>--slice</c>, the middle one by
/// default) in grey, row 0 at the top, pixel spacing respected, rescaled to its values and windowed by <c>--level</c>
/// and <c>--window</c>, else by the file's own window (0028,1050/1051) when it has one, otherwise from the 1st to the 99th percentile. A threat detection report is
/// drawn as its objects' boxes and voxels, over the slice of its image when <c>--reference IMAGE</c> names it (kind
/// <c>compare</c>).
/// </summary>
public sealed class DicosPlotter : IFilePlotter
{
    private static readonly DicosInspector Inspector = new();

    /// <inheritdoc />
    public string Format => Inspector.Format;

    /// <inheritdoc />
    public IReadOnlyList<string> Kinds { get; } = ["image", "compare"];

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName) => Inspector.Match(header, fileName);

    /// <inheritdoc />
    public ValueTask PlotAsync(string path, PlotRequest request, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var mapped = MappedDicomFile.Open(path);
        var plot = Build(mapped.File, request, out var extent);
        PlotImages.Write(plot, request, output, Math.Abs((extent.Right - extent.Left) / (extent.Top - extent.Bottom)));
        return ValueTask.CompletedTask;
    }

    /// <summary>The plot, and where the image lies in plot coordinates (x across, y up, in millimetres).</summary>
    internal static Plot Build(DicomFile file, PlotRequest request, out CoordinateRect extent)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        if (ThreatReport.IsReport(file))
        {
            return ThreatPlot.Build(file, request, out extent);
        }

        if (request.Reference is not null)
        {
            throw new ArgumentException($"{System.IO.Path.GetFileName(file.Path)} is an image; --reference draws a threat report over its image, so give the report first");
        }

        if (!file.DataSet.Contains(DicomTag.PixelData) || !file.DataSet.Contains(DicomKeywords.Rows))
        {
            throw new ArgumentException($"{System.IO.Path.GetFileName(file.Path)} has no image to draw");
        }

        var image = new DicomImage(file);
        if (!image.CanDecode)
        {
            throw new ArgumentException($"{file.TransferSyntax.Name} pixel data is not decoded by this plugin");
        }

        if (image.SamplesPerPixel != 1 || image.BitsAllocated is not (8 or 16))
        {
            throw new ArgumentException($"{image.SamplesPerPixel} samples of {image.BitsAllocated} bits: only grey 8- and 16-bit images are drawn");
        }

        var frame = request.Slice ?? (image.Frames / 2);
        if (frame < 0 || frame >= image.Frames)
        {
            throw new ArgumentException($"--slice {frame}: the image has frames 0 to {image.Frames - 1}");
        }

        var bytes = new byte[image.FrameBytes];
        image.ReadFrame(frame, bytes);
        var (slope, intercept) = image.Rescale;
        var (rows, columns) = (image.Rows, image.Columns);
        var rescaled = new float[rows * columns];
        image.Rescaled(bytes, slope, intercept, rescaled);
        var cells = new double[rows, columns];
        var values = new double[rows * columns];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = rescaled[i];
            cells[i / columns, i % columns] = values[i];
        }

        var (low, high) = request.GreyRange ?? Window(file.DataSet, values);
        var (rowSpacing, columnSpacing) = image.PixelSpacing;
        var plot = new Plot();
        extent = new CoordinateRect(0, columns * columnSpacing, 0, rows * rowSpacing);
        PlacedHeatmap.AddGreyImage(plot, cells, extent, low, high);
        var modality = file.DataSet.GetString(DicomKeywords.Modality);
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"{System.IO.Path.GetFileName(file.Path)}: {modality} frame {frame} of {image.Frames}, window {low:G5} to {high:G5}"));
        return plot;
    }

    private static (double Low, double High) Window(DicomDataSet d, double[] values)
    {
        if (Number(d, new DicomTag(0x0028, 0x1050)) is { } centre && Number(d, new DicomTag(0x0028, 0x1051)) is { } width && width > 0)
        {
            return (centre - (width / 2), centre + (width / 2));
        }

        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0)
        {
            return (0, 1);
        }

        var (low, high) = (sorted[(int)(0.01 * (sorted.Length - 1))], sorted[(int)(0.99 * (sorted.Length - 1))]);
        return high > low ? (low, high) : (low - 0.5, low + 0.5);
    }

    private static double? Number(DicomDataSet d, DicomTag tag) =>
        d.GetString(tag)?.Split('\\')[0] is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
