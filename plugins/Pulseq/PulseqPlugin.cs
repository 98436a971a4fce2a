using Conduit.Abstractions.Plugins;

namespace Conduit.Plugins.Pulseq;

/// <summary>MRI sequences: Pulseq loading, unrolling to card samples and export, and the <c>.seq</c> inspector.</summary>
public sealed class PulseqPlugin : IConduitPlugin
{
    /// <inheritdoc />
    public string Name => "Pulseq";

    /// <inheritdoc />
    public void Configure(IConduitPluginBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
    }
}
