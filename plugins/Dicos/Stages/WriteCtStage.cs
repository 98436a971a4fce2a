using System.Threading.Channels;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Dicos.Writing;

namespace Conduit.Plugins.Dicos.Stages;

/// <summary>
/// <c>dicos.write-ct</c>: writes the frames it receives (slices of one volume, such as <c>recon.fbp</c>'s) as one
/// multi-frame DICOS CT (native, JPEG Lossless or RLE), with new UIDs, each frame's position in the per-frame functional
/// groups. A float value that the rescale cannot store is an error naming the frame and pixel, never a clip. The
/// written file is passed on as a <see cref="WrittenFile"/> (to <c>dicos.send</c>, say).
/// </summary>
public sealed class WriteCtStage(WriteCtOptions options) : ITransformStage<ImageFrame, WrittenFile>
{
    /// <summary>The <see cref="WrittenFile.Format"/> of the CT.</summary>
    public const string Format = "dicos.ct";

    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<ImageFrame> input, ChannelWriter<WrittenFile> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        await using var file = context.CreateOutputFile(options.Path);
        using var writer = new DicosCtWriter(context.GetPool(options.Pool), file.Stream, options.Encoding, new StoredSamples(options.RescaleSlope, options.RescaleIntercept), DateTime.Now, options.RescaleType);
        await foreach (var frame in input.ReadAllAsync(cancellationToken))
        {
            using (frame)
            {
                await writer.AppendAsync(frame, cancellationToken);
            }
        }

        writer.Complete();
        await file.CompleteAsync(cancellationToken);
        await output.WriteAsync(new WrittenFile(file.TemporaryPath, Format), cancellationToken);
    }
}
