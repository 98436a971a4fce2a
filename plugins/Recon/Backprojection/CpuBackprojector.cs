using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Conduit.Plugins.Recon.Backprojection;

/// <summary>
/// Linear-interpolation back-projection of filtered (and angle-weighted) sinogram rows into output rows. Works on a
/// tile of output rows at a time so that each sinogram row is read from cache once per tile; the pixels of a row whose
/// ray falls inside the detector are found in advance, so the inner loop has no branch, and runs eight pixels at a time
/// with AVX2 gathers where the CPU has them.
/// </summary>
/// <remarks>Positions start from a double every eight pixels; the float rounding that is left (about 3e-5 bins at bin
/// 512) changes the 512² phantom by 3e-6 RMS against scikit-image's double-precision <c>iradon</c>.</remarks>
internal static unsafe class CpuBackprojector
{
    /// <summary>Output rows back-projected together.</summary>
    public const int TileRows = 8;

    // Ranges are solved in closed form with this much slack: the vector lanes stay this far inside the detector, so
    // float rounding never steps off its ends, and the scalar range reaches this far beyond the edge values.
    private const double Margin = 0.5;

    /// <summary>Adds every angle's contribution to output rows [rowStart, rowEnd) of <c>slice</c> (N × N, zeroed by
    /// the caller) from <c>filtered</c> (the filtered sinogram, angles × detectors) and <c>edges</c> (per angle, the
    /// filtered values at bins −1 and <c>detectors</c>).</summary>
    public static void Backproject(BackprojectionTables tables, ReadOnlySpan<float> filtered, ReadOnlySpan<float> edges, Span<float> slice, int rowStart, int rowEnd)
    {
        var n = tables.OutputSize;
        var detectors = tables.Detectors;
        fixed (float* sino = filtered)
        fixed (float* output = slice)
        {
            for (var a = 0; a < tables.AngleCount; a++)
            {
                var row = new FilteredRow(sino + ((long)a * detectors), detectors, edges[2 * a], edges[(2 * a) + 1]);
                var step = tables.ColumnStep[a];
                for (var r = rowStart; r < rowEnd; r++)
                {
                    var start = tables.Base[a] + (r * tables.RowStep[a]);
                    var (lo, hi) = ColumnsWithin(start, step, -1 - Margin, detectors + Margin, n);
                    AddRow(row, output + ((long)r * n), start, step, lo, hi);
                }
            }
        }
    }

    /// <summary>The columns in [0, n) whose detector coordinate s = start + c × step lies in [min, max].</summary>
    internal static (int Lo, int Hi) ColumnsWithin(double start, double step, double min, double max, int n)
    {
        if (min > max)
        {
            return (0, 0);
        }

        if (step == 0)
        {
            return start >= min && start <= max ? (0, n) : (0, 0);
        }

        var a = (min - start) / step;
        var b = (max - start) / step;
        var lo = (int)Math.Clamp(Math.Ceiling(Math.Min(a, b)), 0, n);
        var hi = (int)Math.Clamp(Math.Floor(Math.Max(a, b)) + 1, lo, n);
        return (lo, hi);
    }

    private static void AddRow(FilteredRow row, float* output, double start, double step, int lo, int hi)
    {
        var (vectorLo, vectorHi) = Avx2.IsSupported ? ColumnsWithin(start, step, Margin, row.Detectors - 1 - Margin, hi) : (lo, lo);
        vectorLo = Math.Clamp(vectorLo, lo, hi);
        vectorHi = Math.Clamp(vectorHi, vectorLo, hi);
        AddScalar(row, output, start, step, lo, vectorLo);
        var c = vectorLo;
        if (vectorHi - vectorLo >= Vector256<float>.Count)
        {
            var laneSteps = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f) * (float)step;
            for (; c <= vectorHi - Vector256<float>.Count; c += Vector256<float>.Count)
            {
                var position = Vector256.Create((float)(start + (c * step))) + laneSteps;
                var index = Avx.ConvertToVector256Int32WithTruncation(position);
                var fraction = position - Avx.ConvertToVector256Single(index);
                var left = Avx2.GatherVector256(row.Bins, index, sizeof(float));
                var right = Avx2.GatherVector256(row.Bins + 1, index, sizeof(float));
                var sum = Vector256.Load(output + c) + left + (fraction * (right - left));
                sum.Store(output + c);
            }
        }

        AddScalar(row, output, start, step, c, hi);
    }

    private static void AddScalar(FilteredRow row, float* output, double start, double step, int from, int to)
    {
        for (var c = from; c < to; c++)
        {
            var s = start + (c * step);
            var i = (int)Math.Floor(s);
            var fraction = (float)(s - i);
            var left = row[i];
            output[c] += left + (fraction * (row[i + 1] - left));
        }
    }

    /// <summary>A filtered row with its values one bin beyond each end; zero further out.</summary>
    private readonly struct FilteredRow(float* bins, int detectors, float before, float after)
    {
        public float* Bins => bins;

        public int Detectors => detectors;

        public float this[int bin] => bin >= 0 && bin < detectors ? bins[bin] : bin == -1 ? before : bin == detectors ? after : 0f;
    }
}
