using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Conduit.Plugins.Recon.Filtering;

/// <summary>
/// Radix-2 complex FFT of power-of-two length on split real and imaginary arrays. The forward transform takes natural
/// order and leaves the spectrum in bit-reversed order (decimation in frequency); the inverse takes bit-reversed order
/// and returns natural order (decimation in time). Filtering multiplies the spectrum in between, so no permutation
/// pass is ever needed. Butterflies whose half-length reaches a vector's width run on <see cref="Vector{T}"/>.
/// </summary>
internal sealed class Fft
{
    // Per stage of half-length h (h = 1, 2, 4, ... Length / 2) the twiddles exp(-2πij / 2h), j < h, at offset h - 1.
    private readonly float[] _cos;
    private readonly float[] _sin;

    public Fft(int length)
    {
        if (length < 2 || !BitOperations.IsPow2(length))
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "the FFT length must be a power of two of at least 2");
        }

        Length = length;
        _cos = new float[length - 1];
        _sin = new float[length - 1];
        for (var h = 1; h < length; h *= 2)
        {
            for (var j = 0; j < h; j++)
            {
                var angle = -Math.PI * j / h;
                _cos[h - 1 + j] = (float)Math.Cos(angle);
                _sin[h - 1 + j] = (float)Math.Sin(angle);
            }
        }
    }

    public int Length { get; }

    /// <summary>Bytes the twiddle tables take.</summary>
    public static long TableBytes(int length) => 2L * (length - 1) * sizeof(float);

    /// <summary>The twiddle tables (cos, then sin), for the GPU path to upload.</summary>
    public (float[] Cos, float[] Sin) Twiddles => (_cos, _sin);

    /// <summary>Forward transform of one sequence in place; the result is in bit-reversed order.</summary>
    public void ForwardToBitReversed(Span<float> re, Span<float> im)
    {
        for (var h = Length / 2; h >= 1; h /= 2)
        {
            for (var start = 0; start < Length; start += 2 * h)
            {
                DifButterflies(re.Slice(start, 2 * h), im.Slice(start, 2 * h), h);
            }
        }
    }

    /// <summary>Inverse transform (without the 1/N) of one bit-reversed sequence in place; the result is in natural order.</summary>
    public void InverseFromBitReversed(Span<float> re, Span<float> im)
    {
        for (var h = 1; h < Length; h *= 2)
        {
            for (var start = 0; start < Length; start += 2 * h)
            {
                DitButterflies(re.Slice(start, 2 * h), im.Slice(start, 2 * h), h);
            }
        }
    }

    private void DifButterflies(Span<float> re, Span<float> im, int h)
    {
        var c = _cos.AsSpan(h - 1, h);
        var s = _sin.AsSpan(h - 1, h);
        var j = 0;
        if (Vector.IsHardwareAccelerated && h >= Vector<float>.Count)
        {
            ref var ur = ref MemoryMarshal.GetReference(re);
            ref var ui = ref MemoryMarshal.GetReference(im);
            ref var vr = ref Unsafe.Add(ref ur, h);
            ref var vi = ref Unsafe.Add(ref ui, h);
            ref var cr = ref MemoryMarshal.GetReference(c);
            ref var sr = ref MemoryMarshal.GetReference(s);
            for (; j <= h - Vector<float>.Count; j += Vector<float>.Count)
            {
                var aR = Vector.LoadUnsafe(ref ur, (nuint)j);
                var aI = Vector.LoadUnsafe(ref ui, (nuint)j);
                var bR = Vector.LoadUnsafe(ref vr, (nuint)j);
                var bI = Vector.LoadUnsafe(ref vi, (nuint)j);
                var wR = Vector.LoadUnsafe(ref cr, (nuint)j);
                var wI = Vector.LoadUnsafe(ref sr, (nuint)j);
                (aR + bR).StoreUnsafe(ref ur, (nuint)j);
                (aI + bI).StoreUnsafe(ref ui, (nuint)j);
                var dR = aR - bR;
                var dI = aI - bI;
                ((dR * wR) - (dI * wI)).StoreUnsafe(ref vr, (nuint)j);
                ((dR * wI) + (dI * wR)).StoreUnsafe(ref vi, (nuint)j);
            }
        }

        for (; j < h; j++)
        {
            float aR = re[j], aI = im[j], bR = re[j + h], bI = im[j + h];
            re[j] = aR + bR;
            im[j] = aI + bI;
            float dR = aR - bR, dI = aI - bI;
            re[j + h] = (dR * c[j]) - (dI * s[j]);
            im[j + h] = (dR * s[j]) + (dI * c[j]);
        }
    }

    private void DitButterflies(Span<float> re, Span<float> im, int h)
    {
        // Inverse twiddles are the conjugates: exp(+2πij / 2h).
        var c = _cos.AsSpan(h - 1, h);
        var s = _sin.AsSpan(h - 1, h);
        var j = 0;
        if (Vector.IsHardwareAccelerated && h >= Vector<float>.Count)
        {
            ref var ur = ref MemoryMarshal.GetReference(re);
            ref var ui = ref MemoryMarshal.GetReference(im);
            ref var vr = ref Unsafe.Add(ref ur, h);
            ref var vi = ref Unsafe.Add(ref ui, h);
            ref var cr = ref MemoryMarshal.GetReference(c);
            ref var sr = ref MemoryMarshal.GetReference(s);
            for (; j <= h - Vector<float>.Count; j += Vector<float>.Count)
            {
                var aR = Vector.LoadUnsafe(ref ur, (nuint)j);
                var aI = Vector.LoadUnsafe(ref ui, (nuint)j);
                var bR = Vector.LoadUnsafe(ref vr, (nuint)j);
                var bI = Vector.LoadUnsafe(ref vi, (nuint)j);
                var wR = Vector.LoadUnsafe(ref cr, (nuint)j);
                var wI = Vector.LoadUnsafe(ref sr, (nuint)j);
                var tR = (bR * wR) + (bI * wI);
                var tI = (bI * wR) - (bR * wI);
                (aR + tR).StoreUnsafe(ref ur, (nuint)j);
                (aI + tI).StoreUnsafe(ref ui, (nuint)j);
                (aR - tR).StoreUnsafe(ref vr, (nuint)j);
                (aI - tI).StoreUnsafe(ref vi, (nuint)j);
            }
        }

        for (; j < h; j++)
        {
            float aR = re[j], aI = im[j], bR = re[j + h], bI = im[j + h];
            var tR = (bR * c[j]) + (bI * s[j]);
            var tI = (bI * c[j]) - (bR * s[j]);
            re[j] = aR + tR;
            im[j] = aI + tI;
            re[j + h] = aR - tR;
            im[j + h] = aI - tI;
        }
    }
}
