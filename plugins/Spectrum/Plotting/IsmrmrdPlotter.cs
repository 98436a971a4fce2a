using System.Numerics;
using Conduit.Abstractions.Inspection;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Plotting;
using Conduit.Plugins.Spectrum.Inspection;
using Conduit.Plugins.Spectrum.Ismrmrd;
using ScottPlot;

namespace Conduit.Plugins.Spectrum.Plotting;

/// <summary>
/// <c>conduit plot</c> for ISMRMRD raw data: <c>kspace</c>, the magnitude of one partition's k-space (log scale), each
/// acquisition at its readout samples and <c>kspace_encode_step_1</c>, repeated lines averaged; and <c>image</c>, that
/// k-space's centred inverse Fourier transform, in magnitude. <c>--slice</c> picks the partition
/// (<c>kspace_encode_step_2</c>), the middle one by default.
/// </summary>
public sealed class IsmrmrdPlotter : IFilePlotter
{
    private static readonly IsmrmrdInspector Inspector = new();

    /// <inheritdoc />
    public string Format => Inspector.Format;

    /// <inheritdoc />
    public IReadOnlyList<string> Kinds { get; } = ["kspace", "image"];

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName) => Inspector.Match(header, fileName);

    /// <inheritdoc />
    public ValueTask PlotAsync(string path, PlotRequest request, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        var file = IsmrmrdFile.Read(path, cancellationToken);
        if (file.Acquisitions.Count == 0)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} holds no acquisitions to draw");
        }

        var partitions = file.Acquisitions.Max(a => a.Header.Index.KSpaceEncodeStep2);
        var partition = request.Slice ?? (partitions + 1) / 2;
        if (partition < 0 || partition > partitions)
        {
            throw new ArgumentException($"--slice {partition}: {Path.GetFileName(path)} has partitions 0 to {partitions}");
        }

        var kspace = KSpace(file, partition);
        var image = string.Equals(request.Kind, "image", StringComparison.OrdinalIgnoreCase);
        var values = image ? Magnitudes(CentredInverse(kspace)) : Magnitudes(kspace, log: true);
        var plot = new Plot();
        var area = new CoordinateRect(-0.5, values.GetLength(1) - 0.5, values.GetLength(0) - 0.5, -0.5);
        var heatmap = PlacedHeatmap.Add(plot, values, area);
        heatmap.Colormap = image ? new ScottPlot.Colormaps.Grayscale() : new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap).Label = image ? "|image|" : "log10(1 + |signal|)";
        plot.Title($"{Path.GetFileName(path)}: {(image ? "image" : "k-space")} of partition {partition}");
        plot.XLabel(image ? "x (pixels)" : "readout sample");
        plot.YLabel(image ? "y (pixels)" : "kspace_encode_step_1");
        plot.Axes.SetLimits(area.Left, area.Right, area.Bottom, area.Top);
        PlotImages.Write(plot, request, output);
        return ValueTask.CompletedTask;
    }

    private static Complex[,] KSpace(IsmrmrdFile file, int partition)
    {
        var lines = file.Acquisitions.Where(a => a.Header.Index.KSpaceEncodeStep2 == partition).ToList();
        var width = Math.Max(1, file.Acquisitions.Max(a => (int)a.Header.NumberOfSamples));
        var height = Math.Max(file.Matrix.Y, 1 + file.Acquisitions.Max(a => (int)a.Header.Index.KSpaceEncodeStep1));
        var kspace = new Complex[height, width];
        var counts = new int[height];
        foreach (var (header, samples) in lines)
        {
            var row = header.Index.KSpaceEncodeStep1;
            counts[row]++;
            // The first channel only.
            for (var k = 0; k < header.NumberOfSamples; k++)
            {
                kspace[row, k] += new Complex(samples[2 * k], samples[(2 * k) + 1]);
            }
        }

        for (var row = 0; row < height; row++)
        {
            for (var k = 0; counts[row] > 1 && k < width; k++)
            {
                kspace[row, k] /= counts[row];
            }
        }

        return kspace;
    }

    // Rows then columns, each a direct DFT with k = 0 at the centre sample (N / 2) in and out: fine at plot sizes.
    private static Complex[,] CentredInverse(Complex[,] kspace)
    {
        var (rows, columns) = (kspace.GetLength(0), kspace.GetLength(1));
        var along = Transform(columns, (r, i) => kspace[r, i], rows);
        var result = new Complex[rows, columns];
        var down = Transform(rows, (c, i) => along[i, c], columns);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[r, c] = down[c, r];
            }
        }

        return result;
    }

    // out[line, x] = Σ_i in(line, i) e^{+2πi (i − n/2)(x − n/2) / n} / √n
    private static Complex[,] Transform(int n, Func<int, int, Complex> value, int lines)
    {
        var output = new Complex[lines, n];
        for (var line = 0; line < lines; line++)
        {
            for (var x = 0; x < n; x++)
            {
                var sum = Complex.Zero;
                for (var i = 0; i < n; i++)
                {
                    sum += value(line, i) * Complex.FromPolarCoordinates(1, 2 * Math.PI * (i - (n / 2)) * (x - (n / 2)) / n);
                }

                output[line, x] = sum / Math.Sqrt(n);
            }
        }

        return output;
    }

    private static double[,] Magnitudes(Complex[,] values, bool log = false)
    {
        var result = new double[values.GetLength(0), values.GetLength(1)];
        for (var r = 0; r < result.GetLength(0); r++)
        {
            for (var c = 0; c < result.GetLength(1); c++)
            {
                result[r, c] = log ? Math.Log10(1 + values[r, c].Magnitude) : values[r, c].Magnitude;
            }
        }

        return result;
    }
}
