using Conduit.Engine.Stages;
using Microsoft.Extensions.DependencyInjection;

namespace Conduit.Host.Plugins;

/// <summary>
/// Finds and loads plugins. The host's own seam over the loading library (McMaster.NETCore.Plugins is in maintenance
/// mode; nothing outside this folder may depend on it).
/// </summary>
public interface IPluginCatalog
{
    /// <summary>Loads the plugins found in <paramref name="folders"/> into <paramref name="services"/> and
    /// <paramref name="stages"/>; a plugin that fails is reported and skipped, the others still load.</summary>
    /// <param name="folders">Folders holding one folder per plugin.</param>
    /// <param name="services">Receives the plugins' services.</param>
    /// <param name="stages">Receives the plugins' stage types.</param>
    /// <param name="neededStageTypes">The stage types a job uses: plugins known to register none of them may be left
    /// unloaded. Null loads every plugin.</param>
    IReadOnlyList<PluginLoadFailure> LoadAll(IEnumerable<string> folders, IServiceCollection services, StageCatalog stages, IReadOnlySet<string>? neededStageTypes = null);
}
