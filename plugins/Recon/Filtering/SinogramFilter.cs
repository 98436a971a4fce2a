using System.Numerics;
using System.Numerics.Tensors;

namespace Conduit.Plugins.Recon.Filtering;

/// <summary>
/// The filtering half of FBP for rows of <see cref="Detectors"/> bins: pads each row to <see cref="PaddedLength"/>
/// through a 1D index array (index −1 reads as zero, so zero and edge padding are the same gather), transforms two real
/// rows at once as the real and imaginary parts of one complex FFT (the filter is real and even, so the two never mix),
/// multiplies by the filter, transforms back and writes each row's bins back in place, scaled by its angle's weight.
/// The filtered value one bin beyond each end is kept too (the ramp spreads an edge into the padding): rays that leave
/// the detector by less than a bin interpolate towards it instead of dropping to zero, which keeps the rim of the field
/// of view as accurate as its inside.
/// </summary>
internal sealed class SinogramFilter
{
    private readonly int[] _paddingIndex;
    private readonly float[] _response;

    public SinogramFilter(FilterKind kind, PaddingKind padding, int detectors)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(detectors, 1);
        Detectors = detectors;
        PaddedLength = PaddedLengthFor(detectors);
        Fft = new Fft(PaddedLength);
        _paddingIndex = PaddingIndexFor(padding, detectors, PaddedLength);
        _response = ResponseFor(kind, Fft);
    }

    public int Detectors { get; }

    /// <summary>The FFT length: the next power of two of at least twice the detectors (and at least 64), as
    /// scikit-image's <c>iradon</c> pads.</summary>
    public int PaddedLength { get; }

    public Fft Fft { get; }

    /// <summary>Padded position → detector bin, or −1 for zero.</summary>
    public ReadOnlySpan<int> PaddingIndex => _paddingIndex;

    /// <summary>The filter at each spectrum position in bit-reversed order, including the inverse FFT's 1 / N.</summary>
    public ReadOnlySpan<float> Response => _response;

    /// <summary>Floats of scratch one worker needs (a real and an imaginary row).</summary>
    public int ScratchFloats => 2 * PaddedLength;

    public static int PaddedLengthFor(int detectors) =>
        (int)Math.Max(64, BitOperations.RoundUpToPowerOf2((uint)(2 * detectors)));

    /// <summary>Bytes of the tables a filter holds: index array, response and FFT twiddles.</summary>
    public static long TableBytes(int detectors)
    {
        var padded = PaddedLengthFor(detectors);
        return (2L * padded * sizeof(float)) + Fft.TableBytes(padded);
    }

    /// <summary>Filters rows <paramref name="a"/> and <paramref name="b"/> in place (<paramref name="b"/> may be empty);
    /// each row's filtered values one bin before its start and one after its end go to its pair of <c>edges</c>.</summary>
    public void FilterPair(Span<float> a, float weightA, Span<float> edgesA, Span<float> b, float weightB, Span<float> edgesB, Span<float> scratch)
    {
        var re = scratch[..PaddedLength];
        var im = scratch.Slice(PaddedLength, PaddedLength);
        for (var j = 0; j < PaddedLength; j++)
        {
            var source = _paddingIndex[j];
            re[j] = source < 0 ? 0f : a[source];
            im[j] = source < 0 || b.IsEmpty ? 0f : b[source];
        }

        Fft.ForwardToBitReversed(re, im);
        TensorPrimitives.Multiply(re, _response, re);
        TensorPrimitives.Multiply(im, _response, im);
        Fft.InverseFromBitReversed(re, im);
        TensorPrimitives.Multiply(re[..Detectors], weightA, a);
        edgesA[0] = re[PaddedLength - 1] * weightA;
        edgesA[1] = re[Detectors] * weightA;
        if (!b.IsEmpty)
        {
            TensorPrimitives.Multiply(im[..Detectors], weightB, b);
            edgesB[0] = im[PaddedLength - 1] * weightB;
            edgesB[1] = im[Detectors] * weightB;
        }
    }

    /// <summary>The window's value at x = frequency / Nyquist, in [0, 1].</summary>
    public static double Window(FilterKind kind, double x) => kind switch
    {
        FilterKind.RamLak => 1,
        FilterKind.SheppLogan => x == 0 ? 1 : Math.Sin(Math.PI * x / 2) / (Math.PI * x / 2),
        FilterKind.Cosine => Math.Cos(Math.PI * x / 2),
        FilterKind.Hamming => 0.54 + (0.46 * Math.Cos(Math.PI * x)),
        FilterKind.Hann => (1 + Math.Cos(Math.PI * x)) / 2,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown filter"),
    };

    private static int[] PaddingIndexFor(PaddingKind padding, int detectors, int padded)
    {
        var index = new int[padded];
        // Past the last bin the padded row continues to the right of the detector for half the padding and wraps
        // round to the left of bin 0 for the other half (the FFT is circular).
        var rightEnd = detectors + ((padded - detectors + 1) / 2);
        for (var j = 0; j < padded; j++)
        {
            index[j] = j < detectors ? j
                : padding == PaddingKind.Zero ? -1
                : j < rightEnd ? detectors - 1 : 0;
        }

        return index;
    }

    private static float[] ResponseFor(FilterKind kind, Fft fft)
    {
        // The ramp is built in the spatial domain and transformed (Kak and Slaney, eq. 3.61: h(0) = 1/4,
        // h(n) = -1/(πn)² for odd n, 0 for even n), which gets the DC term right where sampling |f| would not.
        var p = fft.Length;
        var re = new float[p];
        var im = new float[p];
        for (var j = 0; j < p; j++)
        {
            var n = j <= p / 2 ? j : j - p;
            re[j] = n == 0 ? 0.25f : (n & 1) == 0 ? 0f : (float)(-1.0 / (Math.PI * Math.PI * n * n));
        }

        fft.ForwardToBitReversed(re, im);
        var bits = BitOperations.Log2((uint)p);
        for (var position = 0; position < p; position++)
        {
            var k = (int)(ReverseBits((uint)position) >> (32 - bits));
            var x = 2.0 * Math.Min(k, p - k) / p;
            re[position] = (float)(re[position] * Window(kind, x) / p);
        }

        return re;
    }

    private static uint ReverseBits(uint value)
    {
        value = ((value >> 1) & 0x55555555u) | ((value & 0x55555555u) << 1);
        value = ((value >> 2) & 0x33333333u) | ((value & 0x33333333u) << 2);
        value = ((value >> 4) & 0x0F0F0F0Fu) | ((value & 0x0F0F0F0Fu) << 4);
        value = ((value >> 8) & 0x00FF00FFu) | ((value & 0x00FF00FFu) << 8);
        return (value >> 16) | (value << 16);
    }
}
