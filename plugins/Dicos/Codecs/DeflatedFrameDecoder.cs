using System.IO.Compression;
using Conduit.Plugins.Dicos.Dicom;

namespace Conduit.Plugins.Dicos.Codecs;

/// <summary>
/// Decodes frames of Deflated Image Frame Compression (1.2.840.10008.1.2.8.1): each frame is a raw deflate stream
/// (RFC 1951) of the frame's native bytes. Never inflates past the frame's size, whatever the stream holds.
/// </summary>
public static class DeflatedFrameDecoder
{
    /// <summary>Inflates <paramref name="frame"/> into exactly <paramref name="destination"/>.</summary>
    /// <exception cref="DicomDataException">The stream is damaged, or inflates to another size.</exception>
    public static void Decode(ReadOnlyMemory<byte> frame, Span<byte> destination)
    {
        using var inflater = new DeflateStream(new ReadOnlyMemoryStream(frame), CompressionMode.Decompress);
        int written;
        Span<byte> more = stackalloc byte[1];
        try
        {
            written = inflater.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
            written += inflater.Read(more);
        }
        catch (InvalidDataException e)
        {
            throw new DicomDataException($"the deflated frame is damaged: {e.Message}", e);
        }

        if (written != destination.Length)
        {
            throw new DicomDataException($"the deflated frame inflates to {(written < destination.Length ? $"{written} bytes" : "more bytes")}; the frame is {destination.Length}");
        }
    }
}
