using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Dicos.Network;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Objects;

namespace Conduit.Plugins.Dicos.Stages;

/// <summary>
/// Options of <c>dicos.receive</c>, a C-STORE SCP (DICOM upper layer, PS3.8; DIMSE, PS3.7). Peak memory: a 64 KiB
/// buffer from the pool per association, and, while an object's frames are passed on, what <c>dicos.read</c> holds
/// (one pool frame per message the output channel holds and up to one frame per core being decoded). Data sets go from
/// the socket to a file as they arrive, never into memory; the file is then mapped, so its pages are page cache.
/// </summary>
public sealed class ReceiveDicosOptions
{
    /// <summary>The address to listen on: loopback by default; <c>0.0.0.0</c> or <c>::</c> for every interface.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The TCP port (104 is DICOM's registered port, 11112 its usual unprivileged one).</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 11112;

    /// <summary>This receiver's AE title: associations that call another are rejected.</summary>
    [StringLength(16, MinimumLength = 1)]
    public string AeTitle { get; set; } = "CONDUIT";

    /// <summary>Accept an association whatever AE title it calls.</summary>
    public bool AcceptAnyCalledAeTitle { get; set; }

    /// <summary>The storage SOP classes accepted; Verification (C-ECHO) is always accepted. Default: DICOS CT, DX (for
    /// presentation and processing) and TDR, DICOM CT and DX.</summary>
    public List<string> SopClasses { get; set; } =
    [
        DicosSopClasses.Ct, DicosSopClasses.DxForPresentation, DicosSopClasses.DxForProcessing, DicosSopClasses.ThreatDetectionReport,
        "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.1.1", "1.2.840.10008.5.1.4.1.1.1.1.1",
    ];

    /// <summary>The transfer syntaxes accepted, chosen in the sender's order of preference. Default: explicit and
    /// implicit VR little endian, JPEG Lossless (.57 and .70) and RLE Lossless.</summary>
    public List<string> TransferSyntaxes { get; set; } =
    [
        DicomTransferSyntax.ExplicitLittle.Uid, DicomTransferSyntax.ImplicitLittle.Uid, DicomTransferSyntax.JpegLossless.Uid,
        DicomTransferSyntax.JpegLosslessSv1.Uid, DicomTransferSyntax.RleLossless.Uid,
    ];

    /// <summary>A folder where each object received is kept as a Part 10 file named after its SOP instance UID, written
    /// under a temporary name and renamed once complete and on disk, before the sender hears success. Empty: objects are
    /// only passed on, from a temporary file deleted afterwards.</summary>
    public string Directory { get; set; } = "";

    /// <summary>Stop after this many objects (0: run until cancelled or idle). Objects beyond it are refused with
    /// status A700 (out of resources).</summary>
    [Range(0, int.MaxValue)]
    public int Count { get; set; }

    /// <summary>Stop when no association has been open for this many seconds (0: never).</summary>
    [Range(0, 1e6)]
    public double IdleSeconds { get; set; }

    /// <summary>How long a new connection may take to send its A-ASSOCIATE-RQ (the ARTIM timer), in seconds.</summary>
    [Range(0.1, 3600)]
    public double ArtimSeconds { get; set; } = 30;

    /// <summary>How long an association may send nothing before it is aborted, in seconds.</summary>
    [Range(0.1, 86400)]
    public double TimeoutSeconds { get; set; } = 60;

    /// <summary>Associations served at once; more are rejected as transient (local limit exceeded).</summary>
    [Range(1, 1024)]
    public int MaxAssociations { get; set; } = 32;

    /// <summary>The largest PDU received, announced to senders (bytes).</summary>
    [Range(4096, 16 << 20)]
    public int MaxPduLength { get; set; } = 1 << 18;

    /// <summary>The largest data set received (bytes); a larger one aborts its association.</summary>
    [Range(1, int.MaxValue)]
    public long MaxObjectBytes { get; set; } = int.MaxValue;

    /// <summary>Apply the rescale (slope and intercept) and emit float32 values; false: the stored integers.</summary>
    public bool Rescale { get; set; } = true;

    /// <summary>Receive over TLS (DICOM's secure transport): this receiver's certificate and key, the certificates
    /// senders' must chain to, and whether senders must present one. Absent: plain TCP.</summary>
    public DicomTlsOptions? Tls { get; set; }

    /// <summary>Pool the frames and the network buffers are rented from.</summary>
    [PoolName]
    public string Pool { get; set; } = "default";
}
