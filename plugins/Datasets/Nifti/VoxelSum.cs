using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Conduit.Plugins.Datasets.Nifti;

/// <summary>The sum of stored (unscaled) voxel values: exact 64-bit for integer types, double for floating point, the
/// real and imaginary parts apart for complex types.</summary>
/// <param name="Integer">The sum for integer types (RGB24 and RGBA32 sum their components).</param>
/// <param name="Real">The sum as a double, for every type (of the real parts for complex types).</param>
/// <param name="IsInteger">Whether the type is an integer type.</param>
public readonly record struct VoxelSum(long Integer, double Real, bool IsInteger)
{
    /// <summary>The sum of the imaginary parts (complex types).</summary>
    public double Imaginary { get; init; }

    /// <summary>Whether the values were complex.</summary>
    public bool IsComplex { get; init; }

    /// <summary>Whether the values could not be decoded (128-bit long doubles), so the sums mean nothing.</summary>
    public bool NotDecoded { get; init; }

    /// <summary>Adds two sums.</summary>
    public static VoxelSum operator +(VoxelSum a, VoxelSum b) => new(a.Integer + b.Integer, a.Real + b.Real, a.IsInteger || b.IsInteger)
    {
        Imaginary = a.Imaginary + b.Imaginary,
        IsComplex = a.IsComplex || b.IsComplex,
        NotDecoded = a.NotDecoded || b.NotDecoded,
    };

    /// <summary>Adds two sums.</summary>
    public static VoxelSum Add(VoxelSum a, VoxelSum b) => a + b;

    /// <summary>The sum of little-endian values of <paramref name="type"/>.</summary>
    public static VoxelSum Of(ReadOnlySpan<byte> littleEndian, NiftiDataType type)
    {
        long integer = 0;
        double real = 0;
        switch (type)
        {
            case NiftiDataType.UInt8 or NiftiDataType.Rgb24 or NiftiDataType.Rgba32:
                foreach (var v in littleEndian) { integer += v; }
                break;
            case NiftiDataType.Int8:
                foreach (var v in MemoryMarshal.Cast<byte, sbyte>(littleEndian)) { integer += v; }
                break;
            case NiftiDataType.Int16:
                integer = Sum(MemoryMarshal.Cast<byte, ushort>(littleEndian), signBit: 0x8000);
                break;
            case NiftiDataType.UInt16:
                integer = Sum(MemoryMarshal.Cast<byte, ushort>(littleEndian), signBit: 0);
                break;
            case NiftiDataType.Int32:
                foreach (var v in MemoryMarshal.Cast<byte, int>(littleEndian)) { integer += v; }
                break;
            case NiftiDataType.UInt32:
                foreach (var v in MemoryMarshal.Cast<byte, uint>(littleEndian)) { integer += v; }
                break;
            case NiftiDataType.Int64:
                foreach (var v in MemoryMarshal.Cast<byte, long>(littleEndian)) { integer += v; }
                break;
            case NiftiDataType.UInt64:
                foreach (var v in MemoryMarshal.Cast<byte, ulong>(littleEndian)) { integer += (long)v; }
                break;
            case NiftiDataType.Float32:
                return new VoxelSum(0, Sum(MemoryMarshal.Cast<byte, float>(littleEndian)), false);
            case NiftiDataType.Float64:
                foreach (var v in MemoryMarshal.Cast<byte, double>(littleEndian)) { real += v; }
                return new VoxelSum(0, real, false);
            case NiftiDataType.Complex64:
                return Complex(MemoryMarshal.Cast<byte, float>(littleEndian));
            case NiftiDataType.Complex128:
                return Complex(MemoryMarshal.Cast<byte, double>(littleEndian));
            case NiftiDataType.Float128 or NiftiDataType.Complex256:
                return new VoxelSum(0, double.NaN, false) { NotDecoded = true, IsComplex = type.IsComplex() };
        }

        return new VoxelSum(integer, integer, true);
    }

    /// <summary>Reverses the byte order of every value in place (big-endian file data to little-endian).</summary>
    public static void SwapInPlace(Span<byte> values, NiftiDataType type)
    {
        switch (type.BytesPerValue())
        {
            case 2: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, short>(values), MemoryMarshal.Cast<byte, short>(values)); break;
            case 4: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, int>(values), MemoryMarshal.Cast<byte, int>(values)); break;
            case 8: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, long>(values), MemoryMarshal.Cast<byte, long>(values)); break;
            case 16: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, Int128>(values), MemoryMarshal.Cast<byte, Int128>(values)); break;
        }
    }

    // 16-bit values are widened to 32-bit lanes in blocks small enough that no lane, nor their total, can overflow
    // (32,768 values of at most 65,535 sum below 2^31), and each block's total is added as 64-bit: exact, and SIMD.
    private const int WideningBlock = 1 << 15;

    /// <summary>The sum of 16-bit values: unsigned ones as they are, signed ones (<paramref name="signBit"/> 0x8000)
    /// biased to unsigned by flipping the sign bit (v + 32,768), the bias taken off at the end.</summary>
    private static long Sum(ReadOnlySpan<ushort> values, ushort signBit)
    {
        var flip = new Vector<ushort>(signBit);
        long total = 0;
        for (var start = 0; start < values.Length; start += WideningBlock)
        {
            var block = values.Slice(start, Math.Min(WideningBlock, values.Length - start));
            var lanes = Vector<uint>.Zero;
            var i = 0;
            for (; i + Vector<ushort>.Count <= block.Length; i += Vector<ushort>.Count)
            {
                Vector.Widen(new Vector<ushort>(block[i..]) ^ flip, out var lower, out var upper);
                lanes += lower + upper;
            }

            long rest = Vector.Sum(lanes);
            for (; i < block.Length; i++)
            {
                rest += (ushort)(block[i] ^ signBit);
            }

            total += rest;
        }

        return signBit == 0 ? total : total - (32768L * values.Length);
    }

    // Float values widened to double and added lane by lane: the order differs from a loop's, the precision does not.
    private static double Sum(ReadOnlySpan<float> values)
    {
        var lanes = Vector<double>.Zero;
        var i = 0;
        for (; i + Vector<float>.Count <= values.Length; i += Vector<float>.Count)
        {
            Vector.Widen(new Vector<float>(values[i..]), out var lower, out var upper);
            lanes += lower + upper;
        }

        var total = Vector.Sum(lanes);
        for (; i < values.Length; i++)
        {
            total += values[i];
        }

        return total;
    }

    private static VoxelSum Complex<T>(ReadOnlySpan<T> parts)
        where T : struct, System.Numerics.INumberBase<T>
    {
        double re = 0, im = 0;
        for (var i = 0; i + 1 < parts.Length; i += 2)
        {
            re += double.CreateTruncating(parts[i]);
            im += double.CreateTruncating(parts[i + 1]);
        }

        return new VoxelSum(0, re, false) { Imaginary = im, IsComplex = true };
    }
}
