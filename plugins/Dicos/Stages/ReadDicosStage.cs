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
        using var mapped = MappedDicomFile.Open(context.ResolvePath(options.Path), pool);
        var image = new DicomImage(mapped.File);
        if (image.SamplesPerPixel != 1 || !(image.IsFloat || image.BitsAllocated is 8 or 16))
        {
            throw new InvalidDataException($"{options.Path}: {image.SamplesPerPixel} samples of {image.BitsAllocated} bits; dicos.read reads grey 8- and 16-bit integer images and float or double images");
        }

        var (slope, intercept) = image.Rescale;
        var (rowSpacing, columnSpacing) = image.PixelSpacing;
        var o = image.Orientation;
        var positions = new (double X, double Y, double Z)[image.Frames];
        for (var f = 0; f < positions.Length; f++)
        {
            positions[f] = image.Position(f);
        }

        // Float pixels keep their type when not rescaled; rescaled values are float32 whatever the stored type.
        var pixelType = options.Rescale ? PixelType.Float32
            : image.FloatBytes == 4 ? PixelType.Float32
            : image.FloatBytes == 8 ? PixelType.Float64
            : image.BitsAllocated == 8 ? PixelType.UInt8 : image.PixelRepresentation == 1 ? PixelType.Int16 : PixelType.UInt16;
        var frameBytes = (int)image.FrameBytes;

        // Compressed frames are rescaled from one decoded frame, rented once; native frames straight from the map.
        using var scratch = options.Rescale && !image.IsNative ? await pool.RentAsync(frameBytes, cancellationToken) : null;
        context.Progress.SetTotal(image.Frames, "frames");
        for (var f = 0; f < image.Frames; f++)
        {
            var geometry = new FrameGeometry(columnSpacing, rowSpacing, image.SliceThickness, positions[f], (o[0], o[1], o[2]), (o[3], o[4], o[5]));
            var layout = new FrameLayout(pixelType, image.Columns, image.Rows, geometry);
            var lease = await pool.RentAsync(layout.ByteLength, cancellationToken);
            ImageFrame frame;
            try
            {
                var target = lease.Span[..(int)layout.ByteLength];
                if (!options.Rescale)
                {
                    image.ReadFrame(f, target);
                }
                else if (image.IsNative)
                {
                    image.Rescaled(image.NativeFrame(f), slope, intercept, MemoryMarshal.Cast<byte, float>(target));
                }
                else
                {
                    var decoded = scratch!.Span[..frameBytes];
                    image.ReadFrame(f, decoded);
                    image.Rescaled(decoded, slope, intercept, MemoryMarshal.Cast<byte, float>(target));
                }

                frame = new ImageFrame(f, layout, lease);
            }
            catch
            {
                lease.Dispose();
                throw;
            }

            await output.WriteOrDisposeAsync(frame, cancellationToken);
            context.Progress.Advance();
        }
    }
}
