namespace Conduit.Host.Plugins;

/// <summary>What one plugin folder registered when it was last loaded.</summary>
/// <param name="Folder">The plugin folder, a full path.</param>
/// <param name="Fingerprint">The folder's files when it was loaded (<see cref="PluginIndex.Fingerprint"/>).</param>
/// <param name="StageTypes">The stage types it registered.</param>
/// <param name="Failure">Why it failed to load, or null.</param>
internal sealed record PluginIndexEntry(string Folder, string Fingerprint, IReadOnlyList<string> StageTypes, string? Failure);
