using Conduit.Abstractions.Plugins;
using Conduit.Plugins.Fcs.Inspection;

namespace Conduit.Plugins.Fcs;

/// <summary>Flow cytometry: registers the FCS inspector (stages for reading, writing and concatenation come next).</summary>
public sealed class FcsPlugin : IConduitPlugin
{
    /// <inheritdoc />
    public string Name => "Fcs";

    /// <inheritdoc />
    public void Configure(IConduitPluginBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddInspector<FcsInspector>();
    }
}
