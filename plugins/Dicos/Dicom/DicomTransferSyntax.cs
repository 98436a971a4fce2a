namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>How a data set is encoded (PS3.5 section 10 and annex A).</summary>
/// <param name="Uid">The transfer syntax UID.</param>
/// <param name="Name">Its name, for people.</param>
/// <param name="ExplicitVr">Whether elements carry their VR.</param>
/// <param name="Encapsulated">Whether pixel data is compressed into fragments.</param>
public sealed record DicomTransferSyntax(string Uid, string Name, bool ExplicitVr, bool Encapsulated)
{
    /// <summary>Implicit VR Little Endian, the default.</summary>
    public static readonly DicomTransferSyntax ImplicitLittle = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false);

    /// <summary>Explicit VR Little Endian.</summary>
    public static readonly DicomTransferSyntax ExplicitLittle = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false);

    /// <summary>JPEG Lossless, non-hierarchical (process 14), any predictor.</summary>
    public static readonly DicomTransferSyntax JpegLossless = new("1.2.840.10008.1.2.4.57", "JPEG Lossless (process 14)", true, true);

    /// <summary>JPEG Lossless, process 14, selection value 1: the DICOM default for lossless JPEG.</summary>
    public static readonly DicomTransferSyntax JpegLosslessSv1 = new("1.2.840.10008.1.2.4.70", "JPEG Lossless SV1", true, true);

    /// <summary>RLE Lossless.</summary>
    public static readonly DicomTransferSyntax RleLossless = new("1.2.840.10008.1.2.5", "RLE Lossless", true, true);

    /// <summary>Deflated Image Frame Compression: each frame a raw deflate stream of its native bytes.</summary>
    public static readonly DicomTransferSyntax DeflatedImageFrame = new("1.2.840.10008.1.2.8.1", "Deflated Image Frame Compression", true, true);

    /// <summary>Deflated Explicit VR Little Endian: the data set is a raw deflate stream.</summary>
    public const string DeflatedUid = "1.2.840.10008.1.2.1.99";

    /// <summary>Explicit VR Big Endian (retired): read, its binary values turned little-endian; never written.</summary>
    public const string ExplicitBigUid = "1.2.840.10008.1.2.2";

    private static readonly DicomTransferSyntax[] Known =
    [
        ImplicitLittle, ExplicitLittle, JpegLossless, JpegLosslessSv1, RleLossless, DeflatedImageFrame,
        new(DeflatedUid, "Deflated Explicit VR Little Endian", true, false),
        new(ExplicitBigUid, "Explicit VR Big Endian (retired)", true, false),
    ];

    /// <summary>True when this codec can decode the pixel data.</summary>
    public bool PixelsSupported => !Encapsulated || this == JpegLossless || this == JpegLosslessSv1 || this == RleLossless || this == DeflatedImageFrame;

    /// <summary>The syntax of <paramref name="uid"/>: a known one, or any other encapsulated (compressed) syntax.</summary>
    public static DicomTransferSyntax Of(string uid) =>
        Known.FirstOrDefault(k => k.Uid == uid) ?? new DicomTransferSyntax(uid, $"compressed ({uid})", true, true);
}
