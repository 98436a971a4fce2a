using System.Buffers.Binary;
using Conduit.Abstractions.Messages;

namespace Conduit.Plugins.Example.Format;

/// <summary>
/// The 64-byte header of a Conduit frame file (<c>.cfr</c>), little endian:
/// magic <c>CNDTFRM1</c> (0), header size = 64 (8, u32), pixel type (12, u32, <see cref="PixelType"/>), width (16, u32),
/// height (20, u32), frame count (24, u64), spacing x, y, z in mm (32, 40, 48, f64), reserved (56, 8 bytes of 0).
/// Frames follow, row-major, without padding.
/// </summary>
/// <param name="PixelType">Element type of every frame.</param>
/// <param name="Width">Pixels per row.</param>
/// <param name="Height">Rows per frame.</param>
/// <param name="FrameCount">Number of frames.</param>
/// <param name="SpacingX">Pixel spacing along rows.</param>
/// <param name="SpacingY">Pixel spacing along columns.</param>
/// <param name="SpacingZ">Spacing between frames.</param>
public readonly record struct FrameFileHeader(PixelType PixelType, int Width, int Height, long FrameCount, double SpacingX, double SpacingY, double SpacingZ)
{
    /// <summary>Bytes in the header.</summary>
    public const int Size = 64;

    /// <summary>The file's first 8 bytes.</summary>
    public static ReadOnlySpan<byte> Magic => "CNDTFRM1"u8;

    /// <summary>Bytes in one frame.</summary>
    public long FrameBytes => (long)Width * Height * PixelType.SizeInBytes();

    /// <summary>The header for frames of <paramref name="layout"/>.</summary>
    public static FrameFileHeader For(FrameLayout layout, long frameCount) =>
        new(layout.PixelType, layout.Width, layout.Height, frameCount, layout.Geometry.SpacingX, layout.Geometry.SpacingY, layout.Geometry.SpacingZ);

    /// <summary>
    /// Parses and checks a header against the file's length. Never trusts a field before checking it: a corrupt count
    /// or size is reported, not allocated.
    /// </summary>
    /// <exception cref="ExampleDataException">The header is short, has the wrong magic or impossible fields, or the
    /// file's length does not match.</exception>
    public static FrameFileHeader Parse(ReadOnlySpan<byte> bytes, long fileLength, string? path)
    {
        if (bytes.Length < Size)
        {
            throw new ExampleDataException(path, $"the file is {bytes.Length} bytes, shorter than the {Size}-byte header", bytes.Length);
        }

        if (!bytes[..8].SequenceEqual(Magic))
        {
            throw new ExampleDataException(path, "expected the magic \"CNDTFRM1\", found other bytes: not a Conduit frame file", 0);
        }

        var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (headerSize != Size)
        {
            throw new ExampleDataException(path, $"expected a header size of {Size}, found {headerSize}", 8);
        }

        var pixelType = BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]);
        if (pixelType > (uint)PixelType.Float64)
        {
            throw new ExampleDataException(path, $"expected a pixel type code from 0 to {(int)PixelType.Float64}, found {pixelType}", 12);
        }

        var width = BinaryPrimitives.ReadUInt32LittleEndian(bytes[16..]);
        var height = BinaryPrimitives.ReadUInt32LittleEndian(bytes[20..]);
        if (width > 65536 || height > 65536)
        {
            throw new ExampleDataException(path, $"frame size {width}x{height} is larger than 65536x65536", width > 65536 ? 16 : 20);
        }

        var count = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]);
        var header = new FrameFileHeader(
            (PixelType)pixelType,
            (int)width,
            (int)height,
            0,
            BinaryPrimitives.ReadDoubleLittleEndian(bytes[32..]),
            BinaryPrimitives.ReadDoubleLittleEndian(bytes[40..]),
            BinaryPrimitives.ReadDoubleLittleEndian(bytes[48..]));
        var dataBytes = fileLength - Size;
        var consistent = header.FrameBytes == 0
            ? count == 0 && dataBytes == 0
            : dataBytes % header.FrameBytes == 0 && (ulong)(dataBytes / header.FrameBytes) == count;
        if (!consistent)
        {
            throw new ExampleDataException(path, $"the header says {count} frames of {header.FrameBytes} bytes, the file has {dataBytes} bytes after the header", 24);
        }

        return header with { FrameCount = (long)count };
    }

    /// <summary>Writes the header at the stream's position.</summary>
    public async ValueTask WriteAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = new byte[Size];
        Write(bytes);
        await stream.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>Writes the header into <paramref name="bytes"/> (at least <see cref="Size"/> long).</summary>
    public void Write(Span<byte> bytes)
    {
        bytes[..Size].Clear();
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[8..], Size);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[12..], (uint)PixelType);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[16..], (uint)Width);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[20..], (uint)Height);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], (ulong)FrameCount);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes[32..], SpacingX);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes[40..], SpacingY);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes[48..], SpacingZ);
    }
}
