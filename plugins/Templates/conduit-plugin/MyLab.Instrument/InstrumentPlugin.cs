using Conduit.Abstractions.Plugins;
using MyLab.Instrument.Stages;

namespace MyLab.Instrument;

/// <summary>Registers this plugin's stages with the host.</summary>
public sealed class InstrumentPlugin : IConduitPlugin
{
    /// <inheritdoc />
    public string Name => "MyLab.Instrument";

    /// <inheritdoc />
    public void Configure(IConduitPluginBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddStage<ThresholdStage, ThresholdOptions>("mylab.instrument.threshold", "Sets float32 pixels below a threshold to a floor value.")
            .WithMemoryEstimator<ThresholdEstimator>();
    }
}
