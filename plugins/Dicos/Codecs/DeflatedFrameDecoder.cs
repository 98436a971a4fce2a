using System.IO.Compression;

namespace Conduit.Plugins.Dicos.Codecs;

/// <summary>
/// Decodes frames of Deflated Image Frame Compression (1.2.840.10008.1.2.8.1): each frame is a raw deflate stream
/// (RFC 1951) of the frame's native bytes. Never inflates past the frame's size, whatever the stream holds.
/// </summary>
public static class DeflatedFrameDecoder
{
    /// <summary>Inflates <paramref name="frame"/> into exactly <paramref name="destination"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is damaged, or inflates to another size.</exception>
    public static void Decode(ReadOnlyMemory<byte> frame, Span<byte> destination)
    {
        using var input = new MemoryStream(frame.ToArray(), writable: false);
        using var inflater = new DeflateStream(input, CompressionMode.Decompress);
        var written = inflater.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        Span<byte> more = stackalloc byte[1];
        if (written < destination.Length || inflater.Read(more) > 0)
        {
            throw new InvalidDataException($"the deflated frame inflates to {(written < destination.Length ? $"{written} bytes" : "more bytes")}; the frame is {destination.Length}");
        }
    }
}
