using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Dicos.Network;

namespace Conduit.Plugins.Dicos.Stages;

/// <summary>
/// Options of <c>dicos.send</c>, a C-STORE SCU. Each file that arrives (a CT from <c>dicos.write-ct</c>, a report
/// from <c>dicos.write-tdr</c>) is sent as it is, in its own transfer syntax, as soon as it arrives; then each of
/// <see cref="Files"/>. Peak memory: one 256 KiB network buffer from the pool, whatever the size of the files (they
/// are streamed a PDU at a time).
/// </summary>
public sealed class SendDicosOptions
{
    /// <summary>The receiver's host name or address.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The receiver's port.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 11112;

    /// <summary>The receiver's AE title.</summary>
    [StringLength(16, MinimumLength = 1)]
    public string CalledAeTitle { get; set; } = "ANY-SCP";

    /// <summary>Our AE title.</summary>
    [StringLength(16, MinimumLength = 1)]
    public string CallingAeTitle { get; set; } = "CONDUIT";

    /// <summary>Part 10 files sent after those that arrive, in order.</summary>
    [InputFile]
    public List<string> Files { get; set; } = [];

    /// <summary>How long the connection, the association and each response may take, in seconds.</summary>
    [Range(0.1, 3600)]
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary>How many times a transient failure (no connection, a transient rejection, a lost or aborted association)
    /// is retried on a new association. A refusal (a status other than success or warning, a permanent rejection) is
    /// never retried.</summary>
    [Range(0, 100)]
    public int Retries { get; set; } = 3;

    /// <summary>The wait before each retry, in seconds.</summary>
    [Range(0, 3600)]
    public double RetryDelaySeconds { get; set; } = 1;

    /// <summary>Send over TLS (DICOM's secure transport): the certificates the receiver's must chain to (and name the
    /// host), and this side's certificate and key if the receiver asks for one. Absent: plain TCP.</summary>
    public DicomTlsOptions? Tls { get; set; }

    /// <summary>Pool the network buffer is rented from.</summary>
    [PoolName]
    public string Pool { get; set; } = "default";
}
