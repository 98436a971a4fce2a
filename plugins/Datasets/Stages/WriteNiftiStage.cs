using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Datasets.Nifti;

namespace Conduit.Plugins.Datasets.Stages;

/// <summary>
/// <c>datasets.write-nifti</c>: writes frames (slices, in order) to a little-endian NIfTI image. The affine comes from
/// the first frame's geometry (stored as the sform, code 2); the number of volumes from the frames received.
/// </summary>
public sealed class WriteNiftiStage(WriteNiftiOptions options) : ISinkStage<ImageFrame>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<ImageFrame> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        await using var file = context.CreateOutputFile(options.Path);
        NiftiWriter? writer = null;
        FrameLayout first = default;
        (double X, double Y, double Z)? secondOrigin = null;
        long frames = 0;
        await foreach (var frame in input.ReadAllAsync(cancellationToken))
        {
            using (frame)
            {
                if (writer is null)
                {
                    first = frame.Layout;
                    writer = await NiftiWriter.BeginAsync(file.Stream, HeaderFor(first, null), null, cancellationToken);
                }
                else if (frame.Layout.Width != first.Width || frame.Layout.Height != first.Height || frame.Layout.PixelType != first.PixelType)
                {
                    throw new InvalidOperationException($"frame {frame.Index} is {frame.Layout.Width} × {frame.Layout.Height} {frame.Layout.PixelType}, the image being written is {first.Width} × {first.Height} {first.PixelType}");
                }

                if (frames == 1)
                {
                    secondOrigin = frame.Layout.Geometry.Origin;
                }

                if (options.Version == 1 && (options.SlicesPerVolume == 0 ? frames + 1 : (frames / options.SlicesPerVolume) + 1) > short.MaxValue)
                {
                    throw new InvalidOperationException($"frame {frame.Index}: a NIfTI-1 dimension holds at most {short.MaxValue}; write version 2 for more slices or volumes");
                }

                foreach (var segment in frame.Pixels.Segments(frame.Layout.ByteLength))
                {
                    await writer.WriteAsync(segment.Memory, cancellationToken);
                }

                frames++;
            }
        }

        if (writer is null)
        {
            throw new InvalidOperationException("no frames arrived, so there is no image to write");
        }

        var depth = options.SlicesPerVolume == 0 ? frames : options.SlicesPerVolume;
        if (frames % depth != 0)
        {
            throw new InvalidOperationException($"{frames} frames do not make whole volumes of {depth} slices");
        }

        await writer.CompleteAsync(frames / depth, depth, HeaderFor(first, depth > 1 ? secondOrigin : null), cancellationToken);
        await file.CompleteAsync(cancellationToken);
    }

    private NiftiHeader HeaderFor(FrameLayout layout, (double X, double Y, double Z)? secondOrigin) => new()
    {
        Version = options.Version,
        Dims = [layout.Width, layout.Height, Math.Max(1, options.SlicesPerVolume)],
        DataType = FramePixels.Of(layout.PixelType),
        PixDim = [1, layout.Geometry.SpacingX, layout.Geometry.SpacingY, layout.Geometry.SpacingZ, 1, 1, 1, 1],
        SclSlope = 1,
        SformCode = 2,
        SRows = FrameSpace.ToAffine(layout.Geometry, secondOrigin)[..12],
        XyztUnits = 2,
        Description = "Conduit datasets.write-nifti",
    };
}
