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
        NiftiDataType.Int32 or NiftiDataType.UInt32 or NiftiDataType.Float32 => 4,
        NiftiDataType.Int64 or NiftiDataType.UInt64 or NiftiDataType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a supported NIfTI datatype"),
    };

    /// <summary>Bytes of one value (the unit that byte order applies to; 1 for RGB24).</summary>
    public static int BytesPerValue(this NiftiDataType type) => type == NiftiDataType.Rgb24 ? 1 : type.BytesPerVoxel();

    /// <summary>The lower-case name nibabel and numpy use (<c>int16</c>, <c>float32</c>, <c>rgb24</c>).</summary>
    public static string Name(this NiftiDataType type) => type.ToString().ToLowerInvariant();

    /// <summary>Whether <paramref name="code"/> is a datatype this reader supports.</summary>
    public static bool IsSupported(short code) => Enum.IsDefined((NiftiDataType)code);
}
