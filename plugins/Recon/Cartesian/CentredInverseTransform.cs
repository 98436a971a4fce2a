using System.Numerics;
using Conduit.Plugins.Recon.Filtering;

namespace Conduit.Plugins.Recon.Cartesian;

/// <summary>
/// The unitary inverse DFT of one axis of centred k-space: sample i stands for frequency i − n/2 and result j for
/// position j − n/2 (integer halves), so k-space's centre lands in the image's centre with no shift pass. Powers of two
/// go through the radix-2 <see cref="Fft"/> (centring is then a sign pattern on either side); other lengths are summed
/// directly, n² per line, which is what a zero-filled matrix of a few hundred costs.
/// </summary>
internal sealed class CentredInverseTransform
{
    private readonly Fft? _fft;
    private readonly int[] _bitReversed = [];
    private readonly float[] _cos;
    private readonly float[] _sin;
    private readonly float _scale;

    public CentredInverseTransform(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        Length = length;
        _scale = 1 / MathF.Sqrt(length);
        if (length >= 4 && BitOperations.IsPow2(length))
        {
            _fft = new Fft(length);
            _bitReversed = new int[length];
            var bits = BitOperations.Log2((uint)length);
            for (var i = 0; i < length; i++)
            {
                _bitReversed[i] = (int)(ReverseBits((uint)i) >> (32 - bits));
            }

            _cos = [];
            _sin = [];
        }
        else
        {
            // e^(2πi m / n) for every m mod n: the direct sum indexes it with (i − c)(j − c) mod n.
            _cos = new float[length];
            _sin = new float[length];
            for (var m = 0; m < length; m++)
            {
                var angle = 2 * Math.PI * m / length;
                _cos[m] = (float)Math.Cos(angle);
                _sin[m] = (float)Math.Sin(angle);
            }
        }
    }

    public int Length { get; }

    /// <summary>Floats of scratch <see cref="Transform"/> needs per part (real, imaginary).</summary>
    public int ScratchLength => Length;

    /// <summary>Transforms one line in place; <paramref name="scratchRe"/> and <paramref name="scratchIm"/> hold at
    /// least <see cref="ScratchLength"/> floats each.</summary>
    public void Transform(Span<float> re, Span<float> im, Span<float> scratchRe, Span<float> scratchIm)
    {
        var n = Length;
        if (_fft is not null)
        {
            // Frequency i − n/2 is (−1)^i times frequency i, and position j − n/2 is (−1)^j e^(iπn/2) times position j.
            for (var i = 0; i < n; i++)
            {
                var sign = (i & 1) == 0 ? _scale : -_scale;
                var r = _bitReversed[i];
                scratchRe[r] = re[i] * sign;
                scratchIm[r] = im[i] * sign;
            }

            _fft.InverseFromBitReversed(scratchRe[..n], scratchIm[..n]);
            var quarterTurns = n % 4 == 0 ? 1f : -1f;
            for (var j = 0; j < n; j++)
            {
                var sign = (j & 1) == 0 ? quarterTurns : -quarterTurns;
                re[j] = scratchRe[j] * sign;
                im[j] = scratchIm[j] * sign;
            }

            return;
        }

        var c = n / 2;
        for (var j = 0; j < n; j++)
        {
            double sumRe = 0, sumIm = 0;
            for (var i = 0; i < n; i++)
            {
                var m = (int)((long)(i - c) * (j - c) % n);
                if (m < 0)
                {
                    m += n;
                }

                sumRe += (re[i] * _cos[m]) - (im[i] * _sin[m]);
                sumIm += (re[i] * _sin[m]) + (im[i] * _cos[m]);
            }

            scratchRe[j] = (float)sumRe * _scale;
            scratchIm[j] = (float)sumIm * _scale;
        }

        scratchRe[..n].CopyTo(re);
        scratchIm[..n].CopyTo(im);
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555) | ((v & 0x55555555) << 1);
        v = ((v >> 2) & 0x33333333) | ((v & 0x33333333) << 2);
        v = ((v >> 4) & 0x0F0F0F0F) | ((v & 0x0F0F0F0F) << 4);
        v = ((v >> 8) & 0x00FF00FF) | ((v & 0x00FF00FF) << 8);
        return (v >> 16) | (v << 16);
    }
}
