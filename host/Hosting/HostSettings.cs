namespace Conduit.Host.Hosting;

/// <summary>What the command line adds to configuration when it builds the host.</summary>
/// <param name="ExtraPluginPaths">Folders from <c>--plugins</c> (relative to the current folder), searched after the configured ones.</param>
/// <param name="Verbose">Log at Debug level.</param>
public sealed record HostSettings(IReadOnlyList<string> ExtraPluginPaths, bool Verbose)
{
    /// <summary>The stage types the command's job uses, so that only their plugins need loading; null loads every
    /// plugin (<c>plugins</c>, <c>schema</c>, <c>inspect</c>).</summary>
    public IReadOnlySet<string>? NeededStageTypes { get; init; }
}
