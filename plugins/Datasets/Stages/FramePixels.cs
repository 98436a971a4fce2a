using Conduit.Abstractions.Messages;
using Conduit.Plugins.Datasets.Nifti;

namespace Conduit.Plugins.Datasets.Stages;

/// <summary>Between NIfTI voxel types and frame pixel types, both ways, for the stages that turn one into the other.</summary>
internal static class FramePixels
{
    /// <summary>The frame pixel type of a NIfTI type; the types without one are refused, naming the file.</summary>
    public static PixelType Of(NiftiDataType type, string path) => type switch
    {
        NiftiDataType.UInt8 => PixelType.UInt8,
        NiftiDataType.Int16 => PixelType.Int16,
        NiftiDataType.UInt16 => PixelType.UInt16,
        NiftiDataType.Int32 => PixelType.Int32,
        NiftiDataType.UInt32 => PixelType.UInt32,
        NiftiDataType.Float32 => PixelType.Float32,
        NiftiDataType.Float64 => PixelType.Float64,
        _ => throw new DatasetDataException(path, $"{type.Name()} voxels have no frame pixel type; frames carry uint8, int16, uint16, int32, uint32, float32 and float64"),
    };

    /// <summary>The NIfTI type of a frame pixel type.</summary>
    public static NiftiDataType Of(PixelType type) => type switch
    {
        PixelType.UInt8 => NiftiDataType.UInt8,
        PixelType.Int16 => NiftiDataType.Int16,
        PixelType.UInt16 => NiftiDataType.UInt16,
        PixelType.Int32 => NiftiDataType.Int32,
        PixelType.UInt32 => NiftiDataType.UInt32,
        PixelType.Float32 => NiftiDataType.Float32,
        _ => NiftiDataType.Float64,
    };
}
