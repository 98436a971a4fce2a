using Conduit.Engine.Stages;
using Microsoft.Extensions.DependencyInjection;

namespace Conduit.Host.Plugins;

/// <summary>
/// Finds and loads plugins. The host's own seam over the loading library (McMaster.NETCore.Plugins is in maintenance
/// mode; nothing outside this folder may depend on it).
/// </summary>
public interface IPluginCatalog
{
    /// <summary>Loads every plugin found in <paramref name="folders"/> into <paramref name="services"/> and
    /// <paramref name="stages"/>; a plugin that fails is reported and skipped, the others still load.</summary>
    IReadOnlyList<PluginLoadFailure> LoadAll(IEnumerable<string> folders, IServiceCollection services, StageCatalog stages);
}
