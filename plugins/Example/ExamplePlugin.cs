using Conduit.Abstractions.Plugins;
using Conduit.Plugins.Example.Inspection;
using Conduit.Plugins.Example.Plotting;
using Conduit.Plugins.Example.Stages;

namespace Conduit.Plugins.Example;

/// <summary>Registers the example stages and the frame file inspector.</summary>
public sealed class ExamplePlugin : IConduitPlugin
{
    /// <inheritdoc />
    public string Name => "Example";

    /// <inheritdoc />
    public void Configure(IConduitPluginBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddStage<GenerateFramesStage, GenerateFramesOptions>("example.generate", "Generates synthetic float32 frames (gradient or noise).")
            .WithMemoryEstimator<GenerateFramesEstimator>();
        builder.AddStage<ScaleFramesStage, ScaleFramesOptions>("example.scale", "Multiplies float32 frames by a factor and adds an offset, in place when it owns the frame.");
        builder.AddStage<WriteFramesStage, WriteFramesOptions>("example.write", "Writes frames to a Conduit frame file (.cfr), atomically.")
            .WithMemoryEstimator<WriteFramesEstimator>();
        builder.AddInspector<FrameFileInspector>();
        builder.AddPlotter<FrameFilePlotter>();
    }
}
