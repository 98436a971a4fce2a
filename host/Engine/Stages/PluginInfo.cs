namespace Conduit.Engine.Stages;

/// <summary>A loaded plugin, as listed by <c>conduit plugins</c>.</summary>
/// <param name="Name">The plugin's name.</param>
/// <param name="Version">The plugin assembly's informational version.</param>
/// <param name="AbstractionsVersion">The Conduit.Abstractions version it was built against.</param>
/// <param name="Location">Where it was loaded from (null for built-in plugins and tests).</param>
public sealed record PluginInfo(string Name, string Version, string AbstractionsVersion, string? Location);
