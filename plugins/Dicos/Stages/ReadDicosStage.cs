using System.Threading.Channels;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Dicos.Dicom;

namespace Conduit.Plugins.Dicos.Stages;

/// <summary>
/// <c>dicos.read</c>: the frames of a DICOS or DICOM image (CT slices, a DX image) as frames, decoded whatever the
/// transfer syntax, with their spacing, orientation and per-frame positions, rescaled to float32 by default.
/// </summary>
public sealed class ReadDicosStage(ReadDicosOptions options) : ISourceStage<ImageFrame>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelWriter<ImageFrame> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        var pool = context.GetPool(options.Pool);
        using var mapped = MappedDicomFile.Open(context.ResolvePath(options.Path), pool);
        var image = new DicomImage(mapped.File);
        context.Progress.SetTotal(image.Frames, "frames");
        await DicomFrameEmitter.EmitAsync(image, options.Path, options.Rescale, pool, output, context, mapped.DropResidentPages, cancellationToken);
    }
}
