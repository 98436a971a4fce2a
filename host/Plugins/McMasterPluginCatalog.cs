using System.Reflection;
using System.Runtime.Loader;
using Conduit.Abstractions.Plugins;
using Conduit.Engine.Stages;
using McMaster.NETCore.Plugins.Loader;
using Microsoft.Extensions.DependencyInjection;

namespace Conduit.Host.Plugins;

/// <summary>
/// Loads each plugin into its own load context with McMaster.NETCore.Plugins. A plugin is a folder
/// <c>&lt;Name&gt;/</c> holding <c>Conduit.Plugins.&lt;Name&gt;.dll</c> or <c>&lt;Name&gt;.dll</c> with its
/// dependencies. Every assembly the host carries (Conduit.Abstractions and the Microsoft.Extensions abstractions above
/// all: the type identity boundary) comes from the host; what only the plugin brings stays in its context.
/// </summary>
public sealed class McMasterPluginCatalog : IPluginCatalog
{
    private static readonly System.Reflection.AssemblyName HostAbstractions = typeof(IConduitPlugin).Assembly.GetName();

    private readonly Func<PluginIndex> _openIndex;

    /// <summary>Creates a catalog that keeps its plugin index in the user's cache folder.</summary>
    public McMasterPluginCatalog()
        : this(PluginIndex.Open)
    {
    }

    internal McMasterPluginCatalog(Func<PluginIndex> openIndex) => _openIndex = openIndex;

    /// <inheritdoc />
    public IReadOnlyList<PluginLoadFailure> LoadAll(IEnumerable<string> folders, IServiceCollection services, StageCatalog stages, IReadOnlySet<string>? neededStageTypes = null)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var failures = new List<PluginLoadFailure>();
        var index = _openIndex();
        var skipped = new List<(string Name, string Assembly, string Fingerprint, PluginIndexEntry Entry)>();
        foreach (var folder in folders.Where(Directory.Exists))
        {
            foreach (var stray in Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal))
            {
                var strayName = Path.GetFileNameWithoutExtension(stray);
                failures.Add(new PluginLoadFailure(strayName, stray, $"a plugin is a folder of its own: move it and its dependencies into {Path.Combine(folder, strayName)}{Path.DirectorySeparatorChar}"));
            }

            foreach (var pluginFolder in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(pluginFolder);
                var assembly = new[] { $"Conduit.Plugins.{name}.dll", $"{name}.dll" }
                    .Select(file => Path.Combine(pluginFolder, file))
                    .FirstOrDefault(File.Exists);
                if (assembly is null)
                {
                    failures.Add(new PluginLoadFailure(name, pluginFolder, $"no Conduit.Plugins.{name}.dll or {name}.dll in the folder"));
                    continue;
                }

                var fingerprint = PluginIndex.Fingerprint(pluginFolder);
                if (neededStageTypes is not null && index.TryGet(pluginFolder, fingerprint, out var known) && !known.StageTypes.Any(neededStageTypes.Contains))
                {
                    skipped.Add((name, assembly, fingerprint, known));
                    continue;
                }

                LoadAndRecord(name, pluginFolder, assembly, fingerprint, services, stages, index, failures);
            }
        }

        // A stage type that no loaded plugin has: load the rest too, so that the error (and its suggestions) is the
        // same as with every plugin loaded.
        var complete = neededStageTypes is null || neededStageTypes.All(t => stages.TryGet(t, out _));
        foreach (var (name, assembly, fingerprint, entry) in skipped)
        {
            if (!complete)
            {
                LoadAndRecord(name, entry.Folder, assembly, fingerprint, services, stages, index, failures);
            }
            else if (entry.Failure is { } reason)
            {
                failures.Add(new PluginLoadFailure(name, assembly, reason));
            }
        }

        index.SaveIfChanged();
        return failures;
    }

    private static void LoadAndRecord(string name, string pluginFolder, string assembly, string fingerprint, IServiceCollection services, StageCatalog stages, PluginIndex index, List<PluginLoadFailure> failures)
    {
        var failure = Load(name, assembly, services, stages, out var registered);
        if (failure is not null)
        {
            failures.Add(failure);
        }

        index.Set(new PluginIndexEntry(pluginFolder, fingerprint, registered, failure?.Reason));
    }

    private static string Describe(Exception error) => error switch
    {
        TargetInvocationException { InnerException: { } inner } => Describe(inner),
        ReflectionTypeLoadException typeLoad => string.Join("; ", typeLoad.LoaderExceptions.Where(e => e is not null).Select(e => Describe(e!)).Distinct()),
        FileNotFoundException missing => $"missing dependency {missing.FileName}",
        FileLoadException bad => $"cannot load dependency {bad.FileName}: {bad.Message}",
        TypeLoadException type => $"type {type.TypeName} cannot be loaded: {type.Message}",
        _ => $"{error.GetType().Name}: {error.Message}",
    };

    /// <summary>
    /// The plugin's own load context, which asks the host's context first. Built as McMaster's PluginLoader builds it
    /// with shared types preferred, less two start-up costs that bought nothing here (docs/benchmarks.md, Start-up):
    /// PluginLoader reads the runtimeconfig.json files with reflection-based JSON, only for additional probing paths
    /// that a plugin folder (its dependencies beside it) does not use, and it loads every assembly that the shared
    /// types' assemblies reference, transitively, which the host's context being asked first already makes moot.
    /// </summary>
    private static AssemblyLoadContext LoadContext(string assemblyPath) =>
        new AssemblyLoadContextBuilder()
            .SetMainAssemblyPath(assemblyPath)
            .PreferDefaultLoadContext(true)
            .Build();

    private static PluginLoadFailure? Load(string name, string assemblyPath, IServiceCollection services, StageCatalog stages, out IReadOnlyList<string> registered)
    {
        registered = [];
        try
        {
            var assembly = LoadContext(assemblyPath).LoadFromAssemblyPath(assemblyPath);
            var builtAgainst = assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == HostAbstractions.Name)?.Version;
            if (builtAgainst is not null && AbstractionsCompatibility.Check(builtAgainst, HostAbstractions.Version!) is { } incompatible)
            {
                return new PluginLoadFailure(name, assemblyPath, incompatible);
            }

            var entryPoints = assembly.GetTypes()
                .Where(t => t.IsPublic && !t.IsAbstract && typeof(IConduitPlugin).IsAssignableFrom(t))
                .ToList();
            if (entryPoints.Count != 1)
            {
                return new PluginLoadFailure(name, assemblyPath, $"expected one public class implementing IConduitPlugin, found {entryPoints.Count}");
            }

            var plugin = (IConduitPlugin)Activator.CreateInstance(entryPoints[0])!;

            // Register into scratch collections first, so that a plugin failing half-way leaves nothing behind.
            var scratchServices = new ServiceCollection();
            var scratchStages = new StageCatalog();
            ConduitPluginBuilder.Register(plugin, scratchServices, scratchStages, assemblyPath);
            if (scratchStages.StageTypes.FirstOrDefault(t => stages.TryGet(t.Name, out _)) is { } clash)
            {
                stages.TryGet(clash.Name, out var existing);
                return new PluginLoadFailure(name, assemblyPath, $"stage type '{clash.Name}' is already registered by plugin '{existing.PluginName}'");
            }

            foreach (var type in scratchStages.StageTypes)
            {
                stages.Add(type);
            }

            foreach (var info in scratchStages.Plugins)
            {
                stages.AddPlugin(info);
            }

            foreach (var rule in scratchStages.Rules)
            {
                stages.AddRule(rule);
            }

            foreach (var service in scratchServices)
            {
                services.Add(service);
            }

            registered = [.. scratchStages.StageTypes.Select(t => t.Name)];
            return null;
        }
#pragma warning disable CA1031 // any failure of a plugin is reported, and the others still load
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new PluginLoadFailure(name, assemblyPath, Describe(e));
        }
    }
}
