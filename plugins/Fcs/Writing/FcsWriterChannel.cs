namespace Conduit.Plugins.Fcs.Writing;

/// <summary>A channel to write: <c>$PnN</c>, and <c>$PnS</c> when it has a label.</summary>
/// <param name="Name">The channel's short name.</param>
/// <param name="Label">Its longer label, if any.</param>
public sealed record FcsWriterChannel(string Name, string? Label = null);
