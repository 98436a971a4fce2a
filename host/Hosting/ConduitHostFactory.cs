using Conduit.Engine.Jobs;
using Conduit.Engine.Running;
using Conduit.Engine.Stages;
using Conduit.Engine.Telemetry;
using Conduit.Host.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Conduit.Host.Hosting;

/// <summary>
/// Builds the generic host for one CLI command: configuration (appsettings.json beside the executable, then
/// <c>Conduit__*</c> environment variables), logging to standard error, plugins, the engine's services, and
/// OpenTelemetry when configured.
/// </summary>
public static class ConduitHostFactory
{
    /// <summary>Builds the host.</summary>
    public static IHost Build(HostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "conduit",
        });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables();

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (settings.Verbose)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddFilter("Conduit", LogLevel.Debug);
        }

        var options = new ConduitOptions();
        builder.Configuration.GetSection(ConduitOptions.Section).Bind(options);
        // Configured folders are relative to the executable; --plugins folders to the current folder, as any argument.
        var folders = options.PluginPaths.Select(p => Path.GetFullPath(p, AppContext.BaseDirectory))
            .Concat(settings.ExtraPluginPaths.Select(p => Path.GetFullPath(p)))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        var stages = new StageCatalog();
        var catalog = new McMasterPluginCatalog();
        var failures = settings.ExtraPluginPaths.Select(p => Path.GetFullPath(p)).Where(p => !Directory.Exists(p))
            .Select(p => new PluginLoadFailure(Path.GetFileName(p), p, "the folder given with --plugins does not exist"))
            .Concat(catalog.LoadAll(folders, builder.Services, stages, settings.NeededStageTypes))
            .ToList();
        builder.Services.AddSingleton<IPluginCatalog>(catalog);
        builder.Services.AddSingleton(stages);
        builder.Services.AddSingleton(new PluginLoadReport(failures, folders));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<JobValidator>();
        builder.Services.AddSingleton<ConduitMemoryMetrics>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddSingleton<Execution.LocalExecutor>();
        AddTelemetry(builder.Services, options.Telemetry);
        return builder.Build();
    }

    private static void AddTelemetry(IServiceCollection services, TelemetryOptions telemetry)
    {
        var exporter = telemetry.Exporter.Trim().ToLowerInvariant();
        if (exporter is "none" or "")
        {
            return;
        }

        if (exporter is not ("console" or "otlp"))
        {
            throw new InvalidOperationException($"Conduit:Telemetry:Exporter is \"{telemetry.Exporter}\"; expected none, console or otlp");
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("conduit", serviceVersion: typeof(ConduitHostFactory).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing.AddSource(ConduitTelemetry.JobsSourceName);
                _ = exporter == "console" ? tracing.AddConsoleExporter() : tracing.AddOtlpExporter(o => o.Endpoint = telemetry.OtlpEndpoint);
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ConduitMemoryMetrics.MeterName, ConduitTelemetry.JobsSourceName);
                _ = exporter == "console" ? metrics.AddConsoleExporter() : metrics.AddOtlpExporter(o => o.Endpoint = telemetry.OtlpEndpoint);
            });
    }
}
