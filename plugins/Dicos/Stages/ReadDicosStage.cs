using System.Runtime.InteropServices;
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
        var file = DicomFile.Open(context.ResolvePath(options.Path));
        var image = new DicomImage(file);
        if (image.SamplesPerPixel != 1 || image.BitsAllocated is not (8 or 16))
        {
            throw new InvalidDataException($"{options.Path}: {image.SamplesPerPixel} samples of {image.BitsAllocated} bits; dicos.read reads grey 8- and 16-bit images");
        }

        var (slope, intercept) = image.Rescale;
        var (rowSpacing, columnSpacing) = image.PixelSpacing;
        var o = image.Orientation;
        var pixelType = !options.Rescale ? (image.BitsAllocated == 8 ? PixelType.UInt8 : image.PixelRepresentation == 1 ? PixelType.Int16 : PixelType.UInt16) : PixelType.Float32;
        var decoded = new byte[image.FrameBytes];
        context.Progress.SetTotal(image.Frames, "frames");
        for (var f = 0; f < image.Frames; f++)
        {
            var geometry = new FrameGeometry(columnSpacing, rowSpacing, image.SliceThickness, image.Position(f), (o[0], o[1], o[2]), (o[3], o[4], o[5]));
            var layout = new FrameLayout(pixelType, image.Columns, image.Rows, geometry);
            var lease = await pool.RentAsync(layout.ByteLength, cancellationToken);
            ImageFrame frame;
            try
            {
                image.ReadFrame(f, decoded);
                if (options.Rescale)
                {
                    Rescale(decoded, image, slope, intercept, MemoryMarshal.Cast<byte, float>(lease.Span));
                }
                else
                {
                    decoded.CopyTo(lease.Span);
                }

                frame = new ImageFrame(f, layout, lease);
            }
            catch
            {
                lease.Dispose();
                throw;
            }

            try
            {
                await output.WriteAsync(frame, cancellationToken);
            }
            catch
            {
                frame.Dispose();
                throw;
            }

            context.Progress.Advance();
        }
    }

    private static void Rescale(byte[] decoded, DicomImage image, double slope, double intercept, Span<float> target)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = (float)((image.StoredValue(decoded, i) * slope) + intercept);
        }
    }
}
