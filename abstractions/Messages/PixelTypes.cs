namespace Conduit.Abstractions.Messages;

/// <summary>Facts about <see cref="PixelType"/> values.</summary>
public static class PixelTypes
{
    /// <summary>Bytes per element of <paramref name="type"/>.</summary>
    public static int SizeInBytes(this PixelType type) => type switch
    {
        PixelType.UInt8 => 1,
        PixelType.Int16 or PixelType.UInt16 => 2,
        PixelType.Int32 or PixelType.UInt32 or PixelType.Float32 => 4,
        PixelType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown pixel type"),
    };
}
