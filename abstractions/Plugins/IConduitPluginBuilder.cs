using Conduit.Abstractions.Inspection;
using Conduit.Abstractions.Plotting;
using Microsoft.Extensions.DependencyInjection;

namespace Conduit.Abstractions.Plugins;

/// <summary>What a plugin uses to register itself with the host.</summary>
public interface IConduitPluginBuilder
{
    /// <summary>The host's services; a plugin may add its own (a codec, a driver) for its stages to receive.</summary>
    IServiceCollection Services { get; }

    /// <summary>
    /// Registers a stage type under a dotted name (<c>plugin.verb</c>, lower kebab case). <typeparamref name="TStage"/>
    /// implements one of <c>ISourceStage</c>, <c>ITransformStage</c> or <c>ISinkStage</c>; the host creates it per run
    /// with its bound, validated <typeparamref name="TOptions"/> and any registered services as constructor arguments.
    /// </summary>
    /// <param name="typeName">The name jobs use in <c>use</c>.</param>
    /// <param name="description">One line for <c>conduit plugins</c> and the job schema.</param>
    IStageTypeBuilder<TOptions> AddStage<TStage, TOptions>(string typeName, string description)
        where TStage : class
        where TOptions : class, new();

    /// <summary>Registers an inspector for <c>conduit inspect</c>.</summary>
    IConduitPluginBuilder AddInspector<TInspector>()
        where TInspector : class, IFileInspector;

    /// <summary>Registers a plotter for <c>conduit plot</c>.</summary>
    IConduitPluginBuilder AddPlotter<TPlotter>()
        where TPlotter : class, IFilePlotter;

    /// <summary>Registers a check across the stages of a job (see <see cref="IJobRule"/>).</summary>
    IConduitPluginBuilder AddJobRule<TRule>()
        where TRule : class, IJobRule, new();
}
