namespace Conduit.Host.Plugins;

/// <summary>What plugin loading found at start, for <c>conduit plugins</c>, warnings and the no-plugin error.</summary>
/// <param name="Failures">Each failure with its reason.</param>
/// <param name="SearchedFolders">The plugin folders searched, in order, as full paths.</param>
public sealed record PluginLoadReport(IReadOnlyList<PluginLoadFailure> Failures, IReadOnlyList<string> SearchedFolders);
