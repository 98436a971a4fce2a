namespace Conduit.Plugins.Datasets.Nifti;

/// <summary>The NIfTI-1 <c>datatype</c> codes: every one the standard defines (bool (1) is not one of its types).</summary>
public enum NiftiDataType : short
{
    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 2,

    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 4,

    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 8,

    /// <summary>IEEE single precision.</summary>
    Float32 = 16,

    /// <summary>Two IEEE single-precision values (real, imaginary) per voxel.</summary>
    Complex64 = 32,

    /// <summary>IEEE double precision.</summary>
    Float64 = 64,

    /// <summary>Three unsigned 8-bit values (red, green, blue) per voxel.</summary>
    Rgb24 = 128,

    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 256,

    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 512,

    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32 = 768,

    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 1024,

    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64 = 1280,

    /// <summary>A 128-bit "long double": its bytes are read, its values are not (see <see cref="NiftiDataTypes.IsDecoded"/>).</summary>
    Float128 = 1536,

    /// <summary>Two IEEE double-precision values (real, imaginary) per voxel.</summary>
    Complex128 = 1792,

    /// <summary>Two 128-bit long doubles per voxel; read as bytes only, as <see cref="Float128"/>.</summary>
    Complex256 = 2048,

    /// <summary>Four unsigned 8-bit values (red, green, blue, alpha) per voxel.</summary>
    Rgba32 = 2304,
}
