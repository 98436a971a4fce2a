using Conduit.Abstractions.Plugins;
using Conduit.Plugins.Dicos.Inspection;
using Conduit.Plugins.Dicos.Plotting;
using Conduit.Plugins.Dicos.Stages;

namespace Conduit.Plugins.Dicos;

/// <summary>DICOS (DICOM for security screening): our own DICOM codec, CT, DX and TDR readers and writers, the DICOS
/// inspector and plotter.</summary>
public sealed class DicosPlugin : IConduitPlugin
{
    /// <inheritdoc />
    public string Name => "Dicos";

    /// <inheritdoc />
    public void Configure(IConduitPluginBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddStage<ReadDicosStage, ReadDicosOptions>("dicos.read", "Reads the frames of a DICOS or DICOM image (CT slices, a DX image), decoded and rescaled to float32, with their geometry.");
        builder.AddStage<ReceiveDicosStage, ReceiveDicosOptions>("dicos.receive", "A C-STORE SCP: receives DICOS and DICOM objects over the network (C-ECHO too), keeps them as files if asked, and passes each image's frames on as dicos.read does.");
        builder.AddStage<SendDicosStage, SendDicosOptions>("dicos.send", "A C-STORE SCU: sends the frames it receives as one DICOS CT, then the files it is given, to a remote AE over one association, retrying transient failures.");
        builder.AddStage<WriteCtStage, WriteCtOptions>("dicos.write-ct", "Writes frames (the slices of one volume) as a multi-frame DICOS CT, native, JPEG Lossless or RLE, atomically; pixels are spooled, so memory does not grow with the slices.");
        builder.AddStage<WriteDxStage, WriteDxOptions>("dicos.write-dx", "Writes each frame (a radiograph) as a DICOS DX image for presentation or processing, native, JPEG Lossless or RLE.");
        builder.AddStage<WriteTdrStage, WriteTdrOptions>("dicos.write-tdr", "Finds the objects at or above a threshold in the frames of a DICOS image and writes them as a Threat Detection Report referencing it: one potential threat object each, with box and voxel bitmap.");
        builder.AddInspector<DicosInspector>();
        builder.AddPlotter<DicosPlotter>();
    }
}
