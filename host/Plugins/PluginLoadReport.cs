namespace Conduit.Host.Plugins;

/// <summary>The plugins that failed to load at start, for <c>conduit plugins</c> and warnings.</summary>
/// <param name="Failures">Each failure with its reason.</param>
public sealed record PluginLoadReport(IReadOnlyList<PluginLoadFailure> Failures);
