using System.Globalization;
using System.Runtime.InteropServices;
using Conduit.Abstractions.Inspection;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Datasets.Inspection;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Plugins.Datasets.Volumes;
using ScottPlot;

namespace Conduit.Plugins.Datasets.Plotting;

/// <summary>
/// <c>conduit plot</c> for NIfTI images: <c>orthogonal</c>, three slices of one volume through a point (sagittal,
/// coronal, axial; <c>--slice</c> picks the axial slice, the centre by default; <c>--volume</c> the volume), in grey,
/// windowed from the 1st to the 99th percentile, with voxel sizes respected.
/// </summary>
public sealed class NiftiPlotter : IFilePlotter
{
    private static readonly NiftiInspector Inspector = new();

    /// <inheritdoc />
    public string Format => Inspector.Format;

    /// <inheritdoc />
    public IReadOnlyList<string> Kinds { get; } = ["orthogonal"];

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName) => Inspector.Match(header, fileName);

    /// <inheritdoc />
    public ValueTask PlotAsync(string path, PlotRequest request, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        using var image = NiftiFile.Open(path);
        PlotImages.Write(Build(image, request, out _), request, output);
        return ValueTask.CompletedTask;
    }

    /// <summary>The plot, not yet rendered, and where the three panels lie in plot coordinates (left, right, bottom,
    /// top for sagittal, coronal, axial).</summary>
    internal static Plot Build(NiftiFile image, PlotRequest request, out CoordinateRect[] panels)
    {
        var h = image.Header;
        if (h.DataType == NiftiDataType.Rgb24)
        {
            throw new ArgumentException("RGB24 images are not drawn yet; inspect them instead");
        }

        var (nx, ny, nz) = ((int)h.Dim(0), (int)h.Dim(1), (int)h.Dim(2));
        var volume = request.Volume ?? 0;
        if (volume < 0 || volume >= image.VolumeCount)
        {
            throw new ArgumentException($"--volume {volume}: the image has volumes 0 to {image.VolumeCount - 1}");
        }

        var z = request.Slice ?? (nz / 2);
        if (z < 0 || z >= nz)
        {
            throw new ArgumentException($"--slice {z}: the image has slices 0 to {nz - 1}");
        }

        var bytes = new byte[h.VolumeBytes];
        image.ReadVolume(new VolumeIndex(volume), bytes);
        var voxels = ToDoubles(bytes, h.DataType);
        var slope = h.SclSlope == 0 || !double.IsFinite(h.SclSlope) ? 1 : h.SclSlope;
        var inter = double.IsFinite(h.SclInter) ? h.SclInter : 0;
        for (var i = 0; i < voxels.Length; i++)
        {
            voxels[i] = (voxels[i] * slope) + inter;
        }

        static double Size(double v) => Math.Abs(v) > 0 ? Math.Abs(v) : 1;
        return Build($"{Path.GetFileName(image.Path)}: volume {volume}", voxels, (nx, ny, nz), (Size(h.PixDim[1]), Size(h.PixDim[2]), Size(h.PixDim[3])), z, out panels);
    }

    /// <summary>The three slices through axial slice <paramref name="z"/> of a volume of doubles, x fastest.</summary>
    internal static Plot Build(string title, double[] voxels, (int X, int Y, int Z) size, (double X, double Y, double Z) spacing, int z, out CoordinateRect[] panels)
    {
        var (nx, ny, nz) = size;
        var (sx, sy, sz) = spacing;
        var (low, high) = Window(voxels);
        double Value(int x, int y, int k) => voxels[x + (nx * (y + (ny * k)))];
        var (cx, cy) = (nx / 2, ny / 2);

        // Panels side by side in millimetres: sagittal (y across, z up), coronal (x across, z up), axial (x across, y up).
        var sagittal = Grid(ny, nz, (a, b) => Value(cx, a, b));
        var coronal = Grid(nx, nz, (a, b) => Value(a, cy, b));
        var axial = Grid(nx, ny, (a, b) => Value(a, b, z));
        var gap = 0.05 * Math.Max(nx * sx, Math.Max(ny * sy, nz * sz));
        var left = 0.0;
        panels = new CoordinateRect[3];
        var plot = new Plot();
        (double[,] Cells, double Width, double Height, string Name)[] parts =
        [
            (sagittal, ny * sy, nz * sz, $"sagittal x = {cx}"),
            (coronal, nx * sx, nz * sz, $"coronal y = {cy}"),
            (axial, nx * sx, ny * sy, $"axial z = {z}"),
        ];
        for (var p = 0; p < 3; p++)
        {
            var heatmap = plot.Add.Heatmap(parts[p].Cells);
            heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
            heatmap.ManualRange = new ScottPlot.Range(low, high);
            panels[p] = new CoordinateRect(left, left + parts[p].Width, 0, parts[p].Height);
            heatmap.Extent = panels[p];
            var label = plot.Add.Text(parts[p].Name, left, parts[p].Height + (gap / 2));
            label.LabelFontSize = 14;
            left += parts[p].Width + gap;
        }

        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Axes.SetLimits(-gap, left, -gap, Math.Max(nz * sz, ny * sy) + (2 * gap));
        plot.Axes.SquareUnits();
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"{title}, window {low:G4} to {high:G4}"));
        return plot;
    }

    /// <summary>Cells for a heatmap: row 0 is the top, so the second index runs downwards.</summary>
    private static double[,] Grid(int across, int up, Func<int, int, double> value)
    {
        var cells = new double[up, across];
        for (var b = 0; b < up; b++)
        {
            for (var a = 0; a < across; a++)
            {
                cells[up - 1 - b, a] = value(a, b);
            }
        }

        return cells;
    }

    private static (double Low, double High) Window(double[] values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
        {
            return (0, 1);
        }

        Array.Sort(finite);
        var low = finite[(int)(0.01 * (finite.Length - 1))];
        var high = finite[(int)(0.99 * (finite.Length - 1))];
        return high > low ? (low, high) : (low - 0.5, low + 0.5);
    }

    internal static double[] ToDoubles(byte[] littleEndian, NiftiDataType type) => type switch
    {
        NiftiDataType.UInt8 => [.. littleEndian.Select(v => (double)v)],
        NiftiDataType.Int8 => [.. MemoryMarshal.Cast<byte, sbyte>(littleEndian).ToArray().Select(v => (double)v)],
        NiftiDataType.Int16 => [.. MemoryMarshal.Cast<byte, short>(littleEndian).ToArray().Select(v => (double)v)],
        NiftiDataType.UInt16 => [.. MemoryMarshal.Cast<byte, ushort>(littleEndian).ToArray().Select(v => (double)v)],
        NiftiDataType.Int32 => [.. MemoryMarshal.Cast<byte, int>(littleEndian).ToArray().Select(v => (double)v)],
        NiftiDataType.UInt32 => [.. MemoryMarshal.Cast<byte, uint>(littleEndian).ToArray().Select(v => (double)v)],
        NiftiDataType.Int64 => [.. MemoryMarshal.Cast<byte, long>(littleEndian).ToArray().Select(v => (double)v)],
        NiftiDataType.UInt64 => [.. MemoryMarshal.Cast<byte, ulong>(littleEndian).ToArray().Select(v => (double)v)],
        NiftiDataType.Float32 => [.. MemoryMarshal.Cast<byte, float>(littleEndian).ToArray().Select(v => (double)v)],
        _ => MemoryMarshal.Cast<byte, double>(littleEndian).ToArray(),
    };
}
