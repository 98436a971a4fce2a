using System.Numerics;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Plotting;
using ScottPlot;

namespace Conduit.Plugins.Spectrum.Plotting;

/// <summary>
/// One partition of Cartesian k-space, filled line by line (repeats averaged, reversed readouts turned back), drawn
/// as its log magnitude or as the magnitude of its centred inverse Fourier transform. The raw-data and ISMRMRD
/// plotters share it, so both files of one acquisition give the same pictures.
/// </summary>
internal sealed class KSpacePicture
{
    private readonly Complex[,] _kspace;
    private readonly int[] _counts;

    public KSpacePicture(int rows, int columns)
    {
        _kspace = new Complex[Math.Max(1, rows), Math.Max(1, columns)];
        _counts = new int[Math.Max(1, rows)];
    }

    /// <summary>Adds one line's first channel (interleaved real and imaginary samples) at its row.</summary>
    public void Add(int row, ReadOnlySpan<float> samples, int count, bool reversed)
    {
        _counts[row]++;
        for (var k = 0; k < Math.Min(count, _kspace.GetLength(1)); k++)
        {
            var at = reversed ? count - 1 - k : k;
            _kspace[row, at] += new Complex(samples[2 * k], samples[(2 * k) + 1]);
        }
    }

    /// <summary>The picture's values: the k-space's log10(1 + magnitude), or the image's magnitude.</summary>
    public double[,] Values(bool image)
    {
        var averaged = new Complex[_kspace.GetLength(0), _kspace.GetLength(1)];
        for (var row = 0; row < _counts.Length; row++)
        {
            for (var k = 0; k < _kspace.GetLength(1); k++)
            {
                averaged[row, k] = _counts[row] > 1 ? _kspace[row, k] / _counts[row] : _kspace[row, k];
            }
        }

        return image ? Magnitudes(CentredInverse(averaged)) : Magnitudes(averaged, log: true);
    }

    /// <summary>Draws the k-space (log magnitude) or the image, titled with the file and the partition. Of a 3D
    /// acquisition (<paramref name="partitions"/> &gt; 1) the image is the 2D transform of one k-space partition: at the
    /// centre one, the volume projected along the partition axis, not a slice (recon.cartesian makes slices).</summary>
    public void Write(bool image, string fileName, int partition, int partitions, PlotRequest request, Stream output)
    {
        var values = Values(image);
        var plot = new Plot();
        var area = new CoordinateRect(-0.5, values.GetLength(1) - 0.5, values.GetLength(0) - 0.5, -0.5);
        var heatmap = PlacedHeatmap.Add(plot, values, area);
        heatmap.Colormap = image ? new ScottPlot.Colormaps.Grayscale() : new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap).Label = image ? "|image|" : "log10(1 + |signal|)";
        plot.Title(!image ? $"{fileName}: k-space of partition {partition}"
            : partitions > 1 ? $"{fileName}: 2D image of k-space partition {partition} of {partitions} ({(partition == partitions / 2 ? "the projection along it" : "not a slice")})"
            : $"{fileName}: image");
        plot.XLabel(image ? "x (pixels)" : "readout sample");
        plot.YLabel(image ? "y (pixels)" : "line (LIN)");
        plot.Axes.SetLimits(area.Left, area.Right, area.Bottom, area.Top);
        PlotImages.Write(plot, request, output);
    }

    // Rows then columns, each a direct DFT with k = 0 at the centre sample (N / 2) in and out: O(N³) for N × N, fine at
    // plot sizes (the plugins share no FFT).
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
