namespace Conduit.Host.Hosting;

/// <summary>Where OpenTelemetry traces (job and stage spans) and metrics (memory, stages) go. Off by default.</summary>
public sealed class TelemetryOptions
{
    /// <summary><c>none</c> (default), <c>console</c> or <c>otlp</c>.</summary>
    public string Exporter { get; set; } = "none";

    /// <summary>The OTLP collector's address when <see cref="Exporter"/> is <c>otlp</c>.</summary>
    public Uri OtlpEndpoint { get; set; } = new("http://localhost:4317");
}
