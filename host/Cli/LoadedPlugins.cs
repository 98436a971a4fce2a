using Conduit.Engine.Stages;
using Conduit.Host.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Conduit.Host.Cli;

/// <summary>
/// The check every command makes before it uses plugins: with none loaded (a wrong plugin path, a publish without its
/// plugins folder) nothing can work, so the command says where it looked and exits with <see cref="ExitCodes.Invalid"/>
/// instead of printing empty tables or "unknown stage type".
/// </summary>
internal static class LoadedPlugins
{
    /// <summary>True when at least one plugin is loaded; otherwise writes why not to standard error.</summary>
    public static bool Check(IHost host, CliEnvironment environment)
    {
        if (host.Services.GetRequiredService<StageCatalog>().Plugins.Count > 0)
        {
            return true;
        }

        var report = host.Services.GetRequiredService<PluginLoadReport>();
        environment.Error.WriteLine("error: no plugin is loaded, so no stage type or file format is known. Folders searched:");
        foreach (var folder in report.SearchedFolders)
        {
            var state = !Directory.Exists(folder) ? "does not exist"
                : Directory.EnumerateDirectories(folder).Any() ? "holds no plugin that loaded"
                : "has no plugin folders";
            environment.Error.WriteLine($"  {folder} ({state})");
        }

        foreach (var failure in report.Failures)
        {
            environment.Error.WriteLine($"  plugin {failure.Name} failed to load ({failure.Path}): {failure.Reason}");
        }

        environment.Error.WriteLine("Plugins are folders beside the executable (plugins/<Name>/), built there by `dotnet build` and carried by `dotnet publish` and the Conduit.Cli tool; `--plugins DIR` adds a folder.");
        return false;
    }
}
