using System.Globalization;
using System.Runtime.InteropServices;
using Conduit.Abstractions.Inspection;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Datasets.Inspection;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Plugins.Datasets.Volumes;
using Conduit.Plugins.Plotting;
using ScottPlot;

namespace Conduit.Plugins.Datasets.Plotting;

/// <summary>
/// <c>conduit plot</c> for NIfTI images: <c>orthogonal</c>, three slices of one volume through a point (sagittal,
/// coronal, axial; <c>--slice</c> picks the axial slice, the centre by default; <c>--volume</c> the volume), in grey,
/// windowed by <c>--level</c> and <c>--window</c> or from the 1st to the 99th percentile, with voxel sizes respected;
/// <c>compare</c> (with <c>--reference</c>), one axial slice of the image, the same slice of the reference and their
/// difference side by side (a reconstruction beside its phantom). An image whose second voxel axis runs towards
/// posterior is drawn flipped, so that anterior is up.
/// </summary>
public sealed class NiftiPlotter : IFilePlotter
{
    private static readonly NiftiInspector Inspector = new();

    /// <inheritdoc />
    public string Format => Inspector.Format;

    /// <inheritdoc />
    public IReadOnlyList<string> Kinds { get; } = ["orthogonal", "compare"];

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName) => Inspector.Match(header, fileName);

    /// <inheritdoc />
    public ValueTask PlotAsync(string path, PlotRequest request, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        using var image = NiftiFile.Open(path, cancellationToken);
        if (string.Equals(request.Kind, "compare", StringComparison.OrdinalIgnoreCase))
        {
            if (request.Reference is null)
            {
                throw new ArgumentException("--kind compare needs --reference FILE: the image to compare with");
            }

            using var reference = NiftiFile.Open(request.Reference, cancellationToken);
            var comparison = Compare(image, reference, request, out var comparedPanels);
            PlotImages.Write(comparison, request, output, AspectOf(comparedPanels));
        }
        else
        {
            var plot = Build(image, request, out var panels);
            PlotImages.Write(plot, request, output, AspectOf(panels));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Axial slice <see cref="PlotRequest.Slice"/> of the image and of the reference in one grey window, and
    /// their difference in a diverging map centred on zero; <paramref name="panels"/> are the three panels' extents.</summary>
    internal static Plot Compare(NiftiFile image, NiftiFile reference, PlotRequest request, out CoordinateRect[] panels)
    {
        var (a, size, spacing) = ReadVolume(image, request);
        var (b, referenceSize, _) = ReadVolume(reference, request);
        if (size != referenceSize)
        {
            throw new ArgumentException($"--reference: {Path.GetFileName(reference.Path)} is {referenceSize.X} × {referenceSize.Y} × {referenceSize.Z}, {Path.GetFileName(image.Path)} is {size.X} × {size.Y} × {size.Z}");
        }

        var z = SliceOf(request, size.Z);
        var (nx, ny) = (size.X, size.Y);
        var plane = nx * ny;
        var first = a.AsSpan(plane * z, plane).ToArray();
        var second = b.AsSpan(plane * z, plane).ToArray();
        var difference = first.Zip(second, (p, q) => p - q).ToArray();
        var (low, high) = request.GreyRange ?? Window([.. first, .. second]);
        var limit = Math.Max(difference.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max(), 1e-12);
        var rmse = Math.Sqrt(difference.Where(double.IsFinite).Select(d => d * d).DefaultIfEmpty(0).Average());
        var width = nx * spacing.X;
        var height = ny * spacing.Y;
        var gap = 0.05 * Math.Max(width, height);
        var plot = new Plot();
        panels = new CoordinateRect[3];
        (double[] Values, string Name, IColormap Map, double Low, double High)[] parts =
        [
            (first, Path.GetFileName(image.Path), new ScottPlot.Colormaps.Grayscale(), low, high),
            (second, Path.GetFileName(reference.Path), new ScottPlot.Colormaps.Grayscale(), low, high),
            (difference, string.Create(CultureInfo.InvariantCulture, $"difference (±{limit:G3})"), new ScottPlot.Colormaps.Balance(), -limit, limit),
        ];
        var maps = new ScottPlot.Plottables.Heatmap[3];
        for (var p = 0; p < 3; p++)
        {
            var values = parts[p].Values;
            panels[p] = new CoordinateRect(p * (width + gap), (p * (width + gap)) + width, 0, height);
            maps[p] = PlacedHeatmap.Add(plot, Grid(nx, ny, (x, y) => values[x + (nx * y)]), panels[p]);
            maps[p].Colormap = parts[p].Map;
            maps[p].ManualRange = new ScottPlot.Range(parts[p].Low, parts[p].High);
            Caption(plot, parts[p].Name, panels[p], gap);
        }

        plot.Add.ColorBar(maps[2]).Label = "difference";
        Frame(plot, maps[0], string.Empty, -gap, (3 * width) + (2 * gap) + gap, height, gap);
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"axial z = {z}, volume {request.Volume ?? 0}: RMSE {rmse:G4}, window {low:G5} to {high:G5}"));
        return plot;
    }

    /// <summary>The plot, not yet rendered, and where the three panels lie in plot coordinates (left, right, bottom,
    /// top for sagittal, coronal, axial).</summary>
    internal static Plot Build(NiftiFile image, PlotRequest request, out CoordinateRect[] panels)
    {
        var (voxels, size, spacing) = ReadVolume(image, request);
        var z = SliceOf(request, size.Z);
        return Build($"{Path.GetFileName(image.Path)}: volume {request.Volume ?? 0}", voxels, size, spacing, z, out panels, request.GreyRange);
    }

    /// <summary>Volume <see cref="PlotRequest.Volume"/> as scaled doubles, x fastest, with its size and voxel spacing.</summary>
    private static (double[] Voxels, (int X, int Y, int Z) Size, (double X, double Y, double Z) Spacing) ReadVolume(NiftiFile image, PlotRequest request)
    {
        var h = image.Header;
        if (h.DataType is NiftiDataType.Rgb24 or NiftiDataType.Rgba32 || !h.DataType.IsDecoded())
        {
            throw new ArgumentException($"{h.DataType.Name()} images are not drawn; inspect them instead");
        }

        var volume = request.Volume ?? 0;
        if (volume < 0 || volume >= image.VolumeCount)
        {
            throw new ArgumentException($"--volume {volume}: {Path.GetFileName(image.Path)} has volumes 0 to {image.VolumeCount - 1}");
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

        var size = ((int)h.Dim(0), (int)h.Dim(1), (int)h.Dim(2));
        if (image.Affine[5] < 0)
        {
            // j runs towards posterior (as in images written from DICOM-style frames, row 0 anterior): flip it so that
            // anterior is up, as a viewer applying the affine shows it.
            FlipY(voxels, size);
        }

        static double Size(double v) => Math.Abs(v) > 0 ? Math.Abs(v) : 1;
        return (voxels, size, (Size(h.PixDim[1]), Size(h.PixDim[2]), Size(h.PixDim[3])));
    }

    internal static void FlipY(double[] voxels, (int X, int Y, int Z) size)
    {
        var (nx, ny, nz) = size;
        for (var k = 0; k < nz; k++)
        {
            for (var j = 0; j < ny / 2; j++)
            {
                var top = voxels.AsSpan(nx * (j + (ny * k)), nx);
                var bottom = voxels.AsSpan(nx * (ny - 1 - j + (ny * k)), nx);
                for (var i = 0; i < nx; i++)
                {
                    (top[i], bottom[i]) = (bottom[i], top[i]);
                }
            }
        }
    }

    private static int SliceOf(PlotRequest request, int slices)
    {
        var z = request.Slice ?? (slices / 2);
        return z >= 0 && z < slices ? z : throw new ArgumentException($"--slice {z}: the image has slices 0 to {slices - 1}");
    }

    /// <summary>The three slices through axial slice <paramref name="z"/> of a volume of doubles, x fastest.</summary>
    internal static Plot Build(string title, double[] voxels, (int X, int Y, int Z) size, (double X, double Y, double Z) spacing, int z, out CoordinateRect[] panels, (double Low, double High)? greyRange = null)
    {
        var (nx, ny, nz) = size;
        var (sx, sy, sz) = spacing;
        var (low, high) = greyRange ?? Window(voxels);
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
        ScottPlot.Plottables.Heatmap? grey = null;
        for (var p = 0; p < 3; p++)
        {
            panels[p] = new CoordinateRect(left, left + parts[p].Width, 0, parts[p].Height);
            grey = PlacedHeatmap.AddGrey(plot, parts[p].Cells, panels[p], low, high);
            Caption(plot, parts[p].Name, panels[p], gap);
            left += parts[p].Width + gap;
        }

        Frame(plot, grey!, "value", -gap, left, Math.Max(nz * sz, ny * sy), gap);
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"{title}, window {low:G5} to {high:G5}"));
        return plot;
    }

    /// <summary>The drawing's width over its height, for a picture whose height the request leaves open.</summary>
    internal static double AspectOf(IReadOnlyList<CoordinateRect> panels)
    {
        var width = panels.Max(p => p.Right) - panels.Min(p => p.Left);
        var height = panels.Max(p => p.Top) - panels.Min(p => p.Bottom);
        var gap = 0.05 * Math.Max(panels.Max(p => p.Right - p.Left), height);
        return (width + (2 * gap)) / (height + (3 * gap));
    }

    // A panel's name just above it, inside the room the limits leave.
    private static void Caption(Plot plot, string text, CoordinateRect panel, double gap)
    {
        var label = plot.Add.Text(text, panel.Left, panel.Top + (gap * 0.3));
        label.LabelFontSize = 14;
        label.LabelAlignment = Alignment.LowerLeft;
    }

    // No axes, millimetres square, limits tight around the panels and their captions, a grey colour bar.
    private static void Frame(Plot plot, ScottPlot.Plottables.Heatmap grey, string label, double left, double right, double top, double gap)
    {
        plot.Add.ColorBar(grey).Label = label;
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Axes.SetLimits(left, right, -gap, top + (2 * gap));
        plot.Axes.SquareUnits();
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
        // Complex images are drawn as their magnitude.
        NiftiDataType.Complex64 => [.. MemoryMarshal.Cast<byte, float>(littleEndian).ToArray().Chunk(2).Select(c => Math.Sqrt(((double)c[0] * c[0]) + ((double)c[1] * c[1])))],
        NiftiDataType.Complex128 => [.. MemoryMarshal.Cast<byte, double>(littleEndian).ToArray().Chunk(2).Select(c => Math.Sqrt((c[0] * c[0]) + (c[1] * c[1])))],
        _ => MemoryMarshal.Cast<byte, double>(littleEndian).ToArray(),
    };
}
