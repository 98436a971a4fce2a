namespace Conduit.Host.Plugins;

/// <summary>A plugin that could not be loaded.</summary>
/// <param name="Name">The plugin's folder or assembly name.</param>
/// <param name="Path">The assembly that was tried.</param>
/// <param name="Reason">Why it failed, in one line.</param>
public sealed record PluginLoadFailure(string Name, string Path, string Reason);
