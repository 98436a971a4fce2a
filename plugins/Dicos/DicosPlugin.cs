using Conduit.Abstractions.Plugins;
using Conduit.Plugins.Dicos.Inspection;

namespace Conduit.Plugins.Dicos;

/// <summary>DICOS (DICOM for security screening): our own DICOM codec, and the DICOS inspector.</summary>
public sealed class DicosPlugin : IConduitPlugin
{
    /// <inheritdoc />
    public string Name => "Dicos";

    /// <inheritdoc />
    public void Configure(IConduitPluginBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddInspector<DicosInspector>();
    }
}
