namespace Conduit.Plugins.Dicos.Writing;

/// <summary>How a writer stores pixel data.</summary>
public enum DicosEncoding
{
    /// <summary>Uncompressed, explicit VR little endian.</summary>
    Native,

    /// <summary>JPEG Lossless, first-order prediction (1.2.840.10008.1.2.4.70), one fragment a frame.</summary>
    JpegLossless,

    /// <summary>RLE Lossless (1.2.840.10008.1.2.5), one fragment a frame.</summary>
    RleLossless,
}
