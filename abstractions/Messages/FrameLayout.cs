namespace Conduit.Abstractions.Messages;

/// <summary>The shape of a frame's pixel buffer: row-major, <see cref="Width"/> pixels a row, no padding.</summary>
/// <param name="PixelType">Element type.</param>
/// <param name="Width">Pixels per row.</param>
/// <param name="Height">Rows.</param>
/// <param name="Geometry">Position and spacing in space.</param>
public readonly record struct FrameLayout(PixelType PixelType, int Width, int Height, FrameGeometry Geometry)
{
    /// <summary>Number of pixels.</summary>
    public long PixelCount => (long)Width * Height;

    /// <summary>Bytes the pixels take.</summary>
    public long ByteLength => PixelCount * PixelType.SizeInBytes();
}
