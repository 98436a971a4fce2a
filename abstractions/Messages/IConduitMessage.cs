namespace Conduit.Abstractions.Messages;

/// <summary>
/// A message between stages. A message that carries a lease owns it: whoever holds the message disposes it or hands
/// it on.
/// </summary>
public interface IConduitMessage : IDisposable
{
    /// <summary>
    /// Returns another message with the same content for a second consumer (fan-out). Leases are shared, not copied:
    /// the bytes go back when every copy is disposed. A message without leases may return itself.
    /// </summary>
    IConduitMessage Share();
}
