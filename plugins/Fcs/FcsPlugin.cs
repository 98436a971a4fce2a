using Conduit.Abstractions.Plugins;
using Conduit.Plugins.Fcs.Inspection;
using Conduit.Plugins.Fcs.Plotting;
using Conduit.Plugins.Fcs.Stages;

namespace Conduit.Plugins.Fcs;

/// <summary>Flow cytometry: FCS reading, writing and concatenation stages, and the FCS inspector.</summary>
public sealed class FcsPlugin : IConduitPlugin
{
    /// <inheritdoc />
    public string Name => "Fcs";

    /// <inheritdoc />
    public void Configure(IConduitPluginBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddStage<ReadFcsStage, ReadFcsOptions>("fcs.read", "Streams the events of an FCS 2.0-3.2 file in chunks.")
            .WithMemoryEstimator<ReadFcsEstimator>();
        builder.AddStage<ConcatFcsStage, ConcatFcsOptions>("fcs.concat", "Streams the events of many FCS files with the same channels, one after another.")
            .WithMemoryEstimator<ConcatFcsEstimator>();
        builder.AddStage<WriteFcsStage, WriteFcsOptions>("fcs.write", "Writes event chunks to an FCS 3.1 file (float32), atomically.")
            .WithMemoryEstimator<WriteFcsEstimator>();
        builder.AddStage<PlotFcsStage, PlotFcsOptions>("fcs.plot", "Draws the events it receives (a density plot or histograms) as PNG or SVG.");
        builder.AddInspector<FcsInspector>();
        builder.AddPlotter<FcsPlotter>();
    }
}
