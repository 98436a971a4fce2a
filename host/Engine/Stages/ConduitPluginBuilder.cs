using System.Text.RegularExpressions;
using Conduit.Abstractions.Inspection;
using Conduit.Abstractions.Plotting;
using Conduit.Abstractions.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Conduit.Engine.Stages;

/// <summary>The builder a plugin's <see cref="IConduitPlugin.Configure"/> receives.</summary>
public sealed partial class ConduitPluginBuilder : IConduitPluginBuilder
{
    private readonly StageCatalog _catalog;
    private readonly string _pluginName;

    /// <summary>Creates a builder that adds to <paramref name="services"/> and <paramref name="catalog"/>.</summary>
    public ConduitPluginBuilder(IServiceCollection services, StageCatalog catalog, string pluginName)
    {
        Services = services;
        _catalog = catalog;
        _pluginName = pluginName;
    }

    /// <inheritdoc />
    public IServiceCollection Services { get; }

    /// <summary>Registers <paramref name="plugin"/> into <paramref name="services"/> and <paramref name="catalog"/>.</summary>
    public static void Register(IConduitPlugin plugin, IServiceCollection services, StageCatalog catalog, string? location = null)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        ArgumentNullException.ThrowIfNull(catalog);
        plugin.Configure(new ConduitPluginBuilder(services, catalog, plugin.Name));
        var assembly = plugin.GetType().Assembly;
        var abstractions = assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == "Conduit.Abstractions")?.Version?.ToString() ?? "?";
        var version = assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>()
            .FirstOrDefault()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "?";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        catalog.AddPlugin(new PluginInfo(plugin.Name, plus > 0 ? version[..plus] : version, abstractions, location));
    }

    /// <inheritdoc />
    public IStageTypeBuilder<TOptions> AddStage<TStage, TOptions>(string typeName, string description)
        where TStage : class
        where TOptions : class, new()
    {
        if (!StageTypeNamePattern().IsMatch(typeName))
        {
            throw new ArgumentException($"stage type name '{typeName}' must be '<plugin>.<verb>' in lower kebab case, like 'fcs.concat' or 'dicos.write-ct'", nameof(typeName));
        }

        var descriptor = new StageTypeDescriptor(typeName, description, _pluginName, typeof(TStage), typeof(TOptions));
        _catalog.Add(descriptor);
        return new StageTypeBuilder<TOptions>(descriptor);
    }

    /// <inheritdoc />
    public IConduitPluginBuilder AddInspector<TInspector>()
        where TInspector : class, IFileInspector
    {
        Services.AddSingleton<IFileInspector, TInspector>();
        return this;
    }

    /// <inheritdoc />
    public IConduitPluginBuilder AddPlotter<TPlotter>()
        where TPlotter : class, IFilePlotter
    {
        Services.AddSingleton<IFilePlotter, TPlotter>();
        return this;
    }

    /// <inheritdoc />
    public IConduitPluginBuilder AddJobRule<TRule>()
        where TRule : class, IJobRule, new()
    {
        _catalog.AddRule(new TRule());
        return this;
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*(\\.[a-z][a-z0-9]*(-[a-z0-9]+)*)+$")]
    private static partial Regex StageTypeNamePattern();
}
