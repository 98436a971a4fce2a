namespace Conduit.Plugins.Dicos.Network;

/// <summary>What a C-STORE SCP accepts and how long it waits.</summary>
/// <param name="AeTitle">Its AE title; a request that calls another is rejected.</param>
/// <param name="AcceptAnyCalledAeTitle">Accept whatever AE title the requester calls.</param>
/// <param name="SopClasses">The storage SOP classes accepted (Verification is always accepted).</param>
/// <param name="TransferSyntaxes">The transfer syntaxes accepted.</param>
/// <param name="MaxPduLength">The largest PDU it receives, announced to the requester.</param>
/// <param name="ArtimTimeout">How long a connection may take to send its A-ASSOCIATE-RQ.</param>
/// <param name="IdleTimeout">How long an association may send nothing.</param>
/// <param name="MaxObjectBytes">The largest data set received.</param>
/// <param name="SpoolFolder">Where data sets are written as they arrive.</param>
internal sealed record StoreScpSettings(
    string AeTitle,
    bool AcceptAnyCalledAeTitle,
    IReadOnlySet<string> SopClasses,
    IReadOnlyList<string> TransferSyntaxes,
    uint MaxPduLength,
    TimeSpan ArtimTimeout,
    TimeSpan IdleTimeout,
    long MaxObjectBytes,
    string SpoolFolder)
{
    /// <summary>The Verification SOP class (C-ECHO).</summary>
    public const string Verification = "1.2.840.10008.1.1";
}
