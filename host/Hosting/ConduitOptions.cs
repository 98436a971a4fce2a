namespace Conduit.Host.Hosting;

/// <summary>The <c>Conduit</c> configuration section (appsettings.json, <c>Conduit__*</c> environment variables).</summary>
public sealed class ConduitOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Conduit";

    /// <summary>Folders searched for plugins; relative paths are relative to the host's own folder.</summary>
    public IList<string> PluginPaths { get; } = [];

    /// <summary>Traces and metrics export.</summary>
    public TelemetryOptions Telemetry { get; set; } = new();
}
