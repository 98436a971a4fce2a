using Conduit.Abstractions.Plugins;
using Conduit.Plugins.Dicos.Inspection;
using Conduit.Plugins.Dicos.Plotting;
using Conduit.Plugins.Dicos.Stages;

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
        builder.AddStage<ReadDicosStage, ReadDicosOptions>("dicos.read", "Reads the frames of a DICOS or DICOM image (CT slices, a DX image), decoded and rescaled to float32, with their geometry.");
        builder.AddStage<WriteCtStage, WriteCtOptions>("dicos.write-ct", "Writes frames (the slices of one volume) as a multi-frame DICOS CT, atomically; pixels are spooled, so memory does not grow with the slices.");
        builder.AddInspector<DicosInspector>();
        builder.AddPlotter<DicosPlotter>();
    }
}
