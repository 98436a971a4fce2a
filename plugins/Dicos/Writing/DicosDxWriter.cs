using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Objects;

namespace Conduit.Plugins.Dicos.Writing;

/// <summary>Writes one DICOS DX image: its header and its 16-bit samples, native or compressed.</summary>
public static class DicosDxWriter
{
    /// <summary>Writes <paramref name="header"/> and <paramref name="stored"/> (rows × columns 16-bit samples) as a Part
    /// 10 file in <paramref name="encoding"/>.</summary>
    public static void Write(Stream output, DicosDxHeader header, ReadOnlySpan<byte> stored, DicosEncoding encoding, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        var bytes = header.Rows * header.Columns * 2;
        if (stored.Length < bytes)
        {
            throw new ArgumentException($"{stored.Length} bytes of samples; {header.Columns} × {header.Rows} needs {bytes}", nameof(stored));
        }

        DicomWriter.Write(output, header.Build(now), encoding.TransferSyntax());
        if (encoding == DicosEncoding.Native)
        {
            DicomWriter.WriteNativePixelHeader(output, bytes);
            output.Write(stored[..bytes]);
            return;
        }

        var encoded = encoding.EncodeFrame(stored[..bytes], header.Columns, header.Rows);
        DicomWriter.WriteEncapsulatedPixelHeader(output, [encoded.Length]);
        DicomWriter.WriteFragment(output, encoded);
        DicomWriter.WriteSequenceDelimiter(output);
    }
}
