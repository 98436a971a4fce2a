namespace Conduit.Plugins.Datasets.Nifti;

/// <summary>The NIfTI <c>datatype</c> codes this reader supports.</summary>
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
}
