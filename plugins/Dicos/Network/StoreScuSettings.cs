namespace Conduit.Plugins.Dicos.Network;

/// <summary>Where a C-STORE SCU sends, as whom, and how patiently.</summary>
/// <param name="Host">The peer's host name or address.</param>
/// <param name="Port">The peer's port.</param>
/// <param name="CalledAeTitle">The peer's AE title.</param>
/// <param name="CallingAeTitle">Our AE title.</param>
/// <param name="MaxPduLength">The largest PDU we receive, announced to the peer.</param>
/// <param name="Timeout">How long any answer may take (connection, association, response).</param>
/// <param name="Retries">How many times a transient failure is retried.</param>
/// <param name="RetryDelay">The wait before each retry.</param>
/// <param name="Tls">TLS for every connection, or null for plain TCP.</param>
internal sealed record StoreScuSettings(string Host, int Port, string CalledAeTitle, string CallingAeTitle, uint MaxPduLength, TimeSpan Timeout, int Retries, TimeSpan RetryDelay, DicomTls? Tls);
