using Conduit.Plugins.Dicos.Codecs;
using Conduit.Plugins.Dicos.Dicom;

namespace Conduit.Plugins.Dicos.Writing;

/// <summary>The transfer syntax and frame encoder of each <see cref="DicosEncoding"/>.</summary>
public static class DicosEncodings
{
    /// <summary>The transfer syntax <paramref name="encoding"/> writes.</summary>
    public static DicomTransferSyntax TransferSyntax(this DicosEncoding encoding) => encoding switch
    {
        DicosEncoding.Native => DicomTransferSyntax.ExplicitLittle,
        DicosEncoding.JpegLossless => DicomTransferSyntax.JpegLosslessSv1,
        DicosEncoding.RleLossless => DicomTransferSyntax.RleLossless,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null),
    };

    /// <summary>One frame of 16-bit grey samples, compressed.</summary>
    public static byte[] EncodeFrame(this DicosEncoding encoding, ReadOnlySpan<byte> samples, int width, int height) => encoding switch
    {
        DicosEncoding.JpegLossless => JpegLosslessEncoder.Encode(samples, width, height, 16, 2),
        DicosEncoding.RleLossless => RleEncoder.Encode(samples, width * height, 1, 2),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "native frames are not encoded"),
    };
}
