using System.Diagnostics.CodeAnalysis;
using ILGPU;

namespace Conduit.Plugins.Recon.Gpu;

/// <summary>
/// The device kernels of <see cref="GpuFbp"/>: the same steps as the CPU path, one thread per element. Filtering works
/// on a batch of row pairs laid out one padded row of P after another (real parts in one buffer, imaginary in another);
/// each FFT stage is one launch.
/// </summary>
[ExcludeFromCodeCoverage(Justification = "ILGPU compiles these methods for the device, where coverage probes (static fields) cannot run")]
internal static class FbpKernels
{
    /// <summary>Pads the two rows of pair <paramref name="firstPair"/> + p into padded pair p. Pairs never cross slices:
    /// pair q of a slice holds angles 2q and 2q + 1 (the second missing for the last pair of an odd count).</summary>
    public static void Gather(Index1D i, ArrayView<float> sinograms, ArrayView<int> paddingIndex, ArrayView<float> re, ArrayView<float> im, int padded, int detectors, int angles, long firstPair)
    {
        int index = i;
        var (rowA, hasB) = RowsOf(firstPair + (index / padded), angles);
        var source = paddingIndex[index % padded];
        re[index] = source < 0 ? 0f : sinograms[(rowA * detectors) + source];
        im[index] = source < 0 || !hasB ? 0f : sinograms[((rowA + 1) * detectors) + source];
    }

    /// <summary>One decimation-in-frequency stage of half-length <paramref name="half"/>, for every pair.</summary>
    public static void DifStage(Index1D k, ArrayView<float> re, ArrayView<float> im, ArrayView<float> cos, ArrayView<float> sin, int padded, int half)
    {
        int index = k;
        var pair = index / (padded / 2);
        var q = index % (padded / 2);
        var j = q % half;
        var u = ((long)pair * padded) + (q / half * 2 * half) + j;
        var v = u + half;
        var t = half - 1 + j;
        float aR = re[u], aI = im[u], bR = re[v], bI = im[v];
        re[u] = aR + bR;
        im[u] = aI + bI;
        float dR = aR - bR, dI = aI - bI;
        re[v] = (dR * cos[t]) - (dI * sin[t]);
        im[v] = (dR * sin[t]) + (dI * cos[t]);
    }

    /// <summary>Multiplies every pair's spectrum by the (bit-reversed) filter response.</summary>
    public static void Multiply(Index1D i, ArrayView<float> re, ArrayView<float> im, ArrayView<float> response, int padded)
    {
        int index = i;
        var h = response[index % padded];
        re[index] *= h;
        im[index] *= h;
    }

    /// <summary>One inverse decimation-in-time stage of half-length <paramref name="half"/>, for every pair.</summary>
    public static void DitStage(Index1D k, ArrayView<float> re, ArrayView<float> im, ArrayView<float> cos, ArrayView<float> sin, int padded, int half)
    {
        int index = k;
        var pair = index / (padded / 2);
        var q = index % (padded / 2);
        var j = q % half;
        var u = ((long)pair * padded) + (q / half * 2 * half) + j;
        var v = u + half;
        var t = half - 1 + j;
        float aR = re[u], aI = im[u], bR = re[v], bI = im[v];
        var tR = (bR * cos[t]) + (bI * sin[t]);
        var tI = (bI * cos[t]) - (bR * sin[t]);
        re[u] = aR + tR;
        im[u] = aI + tI;
        re[v] = aR - tR;
        im[v] = aI - tI;
    }

    /// <summary>Writes each pair's filtered rows back over the sinogram rows, weighted, and their edge values.</summary>
    public static void Scatter(Index1D i, ArrayView<float> re, ArrayView<float> im, ArrayView<float> sinograms, ArrayView<float> edges, ArrayView<float> weights, int padded, int detectors, int angles, long firstPair)
    {
        int index = i;
        var pair = index / (detectors + 2);
        var j = index % (detectors + 2);
        var (rowA, hasB) = RowsOf(firstPair + pair, angles);
        var at = (long)pair * padded;
        Put(re, sinograms, edges, weights, at, j, rowA, padded, detectors, angles);
        if (hasB)
        {
            Put(im, sinograms, edges, weights, at, j, rowA + 1, padded, detectors, angles);
        }
    }

    /// <summary>Back-projects pixel <paramref name="i"/> of slice <paramref name="slice"/> of the chunk from every angle.</summary>
    public static void Backproject(Index1D i, ArrayView<float> sinograms, ArrayView<float> edges, ArrayView<double> baseTable, ArrayView<double> rowStep, ArrayView<double> columnStep, ArrayView<float> slices, BackprojectionShape shape, int slice)
    {
        var n = shape.OutputSize;
        int within = i;
        var r = within / n;
        var c = within % n;
        var pixel = ((long)slice * n * n) + within;
        var dy = r - (n / 2);
        var dx = c - (n / 2);
        if (shape.Mask != 0 && (dx * dx) + (dy * dy) > shape.MaskRadiusSquared)
        {
            slices[pixel] = 0f;
            return;
        }

        var detectors = shape.Detectors;
        var sum = 0f;
        for (var a = 0; a < shape.Angles; a++)
        {
            var s = baseTable[a] + (r * rowStep[a]) + (c * columnStep[a]);
            if (s < -1.5 || s > detectors + 0.5)
            {
                continue;
            }

            var bin = (int)Math.Floor(s);
            var fraction = (float)(s - bin);
            var row = (((long)slice * shape.Angles) + a) * detectors;
            var edge = 2 * (((long)slice * shape.Angles) + a);
            var left = Bin(sinograms, edges, row, edge, bin, detectors);
            var right = Bin(sinograms, edges, row, edge, bin + 1, detectors);
            sum += left + (fraction * (right - left));
        }

        slices[pixel] = sum;
    }

    private static (long RowA, bool HasB) RowsOf(long pair, int angles)
    {
        var pairsPerSlice = (angles + 1) / 2;
        var slice = pair / pairsPerSlice;
        var angleA = (int)(pair % pairsPerSlice) * 2;
        return ((slice * angles) + angleA, angleA + 1 < angles);
    }

    private static float Bin(ArrayView<float> sinograms, ArrayView<float> edges, long row, long edge, int bin, int detectors) =>
        bin >= 0 && bin < detectors ? sinograms[row + bin] : bin == -1 ? edges[edge] : bin == detectors ? edges[edge + 1] : 0f;

    private static void Put(ArrayView<float> values, ArrayView<float> sinograms, ArrayView<float> edges, ArrayView<float> weights, long at, int j, long row, int padded, int detectors, int angles)
    {
        var weight = weights[(int)(row % angles)];
        if (j < detectors)
        {
            sinograms[(row * detectors) + j] = values[at + j] * weight;
        }
        else if (j == detectors)
        {
            edges[2 * row] = values[at + padded - 1] * weight;
        }
        else
        {
            edges[(2 * row) + 1] = values[at + detectors] * weight;
        }
    }
}
