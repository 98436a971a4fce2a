namespace Conduit.Plugins.Datasets.Nifti;

/// <summary>Sizes and names of <see cref="NiftiDataType"/> values.</summary>
public static class NiftiDataTypes
{
    /// <summary>Bytes one voxel takes.</summary>
    public static int BytesPerVoxel(this NiftiDataType type) => type switch
    {
        NiftiDataType.UInt8 or NiftiDataType.Int8 => 1,
        NiftiDataType.Int16 or NiftiDataType.UInt16 => 2,
        NiftiDataType.Rgb24 => 3,
        NiftiDataType.Int32 or NiftiDataType.UInt32 or NiftiDataType.Float32 or NiftiDataType.Rgba32 => 4,
        NiftiDataType.Int64 or NiftiDataType.UInt64 or NiftiDataType.Float64 or NiftiDataType.Complex64 => 8,
        NiftiDataType.Complex128 or NiftiDataType.Float128 => 16,
        NiftiDataType.Complex256 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a supported NIfTI datatype"),
    };

    /// <summary>Bytes of one value (the unit that byte order applies to): 1 for RGB24 and RGBA32, one part of a complex
    /// voxel.</summary>
    public static int BytesPerValue(this NiftiDataType type) => type switch
    {
        NiftiDataType.Rgb24 or NiftiDataType.Rgba32 => 1,
        NiftiDataType.Complex64 or NiftiDataType.Complex128 or NiftiDataType.Complex256 => type.BytesPerVoxel() / 2,
        _ => type.BytesPerVoxel(),
    };

    /// <summary>Values per voxel: 3 for RGB24, 4 for RGBA32, 2 for complex types, else 1.</summary>
    public static int ValuesPerVoxel(this NiftiDataType type) => type.BytesPerVoxel() / type.BytesPerValue();

    /// <summary>Whether the values can be decoded. The 128-bit types cannot: NIfTI calls them "long double" without
    /// saying which format, and writers store either IEEE binary128 or x87 80-bit extended precision padded to 16 bytes
    /// (numpy's float128 on x86), so any reading would be a guess.</summary>
    public static bool IsDecoded(this NiftiDataType type) => type is not (NiftiDataType.Float128 or NiftiDataType.Complex256);

    /// <summary>Whether voxels are complex (real and imaginary parts).</summary>
    public static bool IsComplex(this NiftiDataType type) => type is NiftiDataType.Complex64 or NiftiDataType.Complex128 or NiftiDataType.Complex256;

    /// <summary>The lower-case name nibabel and numpy use (<c>int16</c>, <c>float32</c>, <c>rgb24</c>).</summary>
    public static string Name(this NiftiDataType type) => type.ToString().ToLowerInvariant();

    /// <summary>Whether <paramref name="code"/> is a datatype this reader supports.</summary>
    public static bool IsSupported(short code) => Enum.IsDefined((NiftiDataType)code);
}
