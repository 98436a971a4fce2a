namespace Conduit.Plugins.Dicos.Network;

/// <summary>
/// TLS for a DICOM association (PS3.15 annex B, the secure transport connection profiles): PEM files, as DCMTK's
/// <c>+tls</c> takes them. Relative paths are relative to the job file.
/// </summary>
public sealed class DicomTlsOptions
{
    /// <summary>This side's certificate (PEM). Required to receive; to send, only when the receiver asks for one.</summary>
    public string Certificate { get; set; } = "";

    /// <summary>The private key of <see cref="Certificate"/> (PEM, unencrypted).</summary>
    public string Key { get; set; } = "";

    /// <summary>The certificates (PEM, one or more) that the peer's certificate must chain to; empty: the system's trust
    /// store.</summary>
    public string TrustedCertificates { get; set; } = "";

    /// <summary>Receiving: require a certificate from every sender (mutual authentication), as DCMTK does by default.</summary>
    public bool RequirePeerCertificate { get; set; } = true;
}
