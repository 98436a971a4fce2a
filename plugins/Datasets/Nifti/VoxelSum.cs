using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Conduit.Plugins.Datasets.Nifti;

/// <summary>The sum of stored (unscaled) voxel values: exact 64-bit for integer types, double for floating point.</summary>
/// <param name="Integer">The sum for integer types (RGB24 sums its components).</param>
/// <param name="Real">The sum as a double, for every type.</param>
/// <param name="IsInteger">Whether the type is an integer type.</param>
public readonly record struct VoxelSum(long Integer, double Real, bool IsInteger)
{
    /// <summary>Adds two sums.</summary>
    public static VoxelSum operator +(VoxelSum a, VoxelSum b) => new(a.Integer + b.Integer, a.Real + b.Real, a.IsInteger || b.IsInteger);

    /// <summary>Adds two sums.</summary>
    public static VoxelSum Add(VoxelSum a, VoxelSum b) => a + b;

    /// <summary>The sum of little-endian values of <paramref name="type"/>.</summary>
    public static VoxelSum Of(ReadOnlySpan<byte> littleEndian, NiftiDataType type)
    {
        long integer = 0;
        double real = 0;
        switch (type)
        {
            case NiftiDataType.UInt8 or NiftiDataType.Rgb24:
                foreach (var v in littleEndian) { integer += v; }
                break;
            case NiftiDataType.Int8:
                foreach (var v in MemoryMarshal.Cast<byte, sbyte>(littleEndian)) { integer += v; }
                break;
            case NiftiDataType.Int16:
                foreach (var v in MemoryMarshal.Cast<byte, short>(littleEndian)) { integer += v; }
                break;
            case NiftiDataType.UInt16:
                foreach (var v in MemoryMarshal.Cast<byte, ushort>(littleEndian)) { integer += v; }
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
                foreach (var v in MemoryMarshal.Cast<byte, float>(littleEndian)) { real += v; }
                return new VoxelSum(0, real, false);
            case NiftiDataType.Float64:
                foreach (var v in MemoryMarshal.Cast<byte, double>(littleEndian)) { real += v; }
                return new VoxelSum(0, real, false);
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
        }
    }
}
