using Conduit.Abstractions.Plugins;

namespace Conduit.Plugins.Recon;

/// <summary>Tomographic reconstruction: phantom, sinogram loading and filtered back-projection on CPU or GPU.</summary>
public sealed class ReconPlugin : IConduitPlugin
{
    /// <inheritdoc />
    public string Name => "Recon";

    /// <inheritdoc />
    public void Configure(IConduitPluginBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
    }
}
