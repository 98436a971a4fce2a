using System.Buffers.Binary;
using System.Globalization;
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
        var pool = options.Pool == "default" ? context.Pool : context.GetPool(options.Pool);
        var file = DicomFile.Open(context.ResolvePath(options.Path));
        var image = new DicomImage(file);
        if (image.SamplesPerPixel != 1 || image.BitsAllocated is not (8 or 16))
        {
            throw new InvalidDataException($"{options.Path}: {image.SamplesPerPixel} samples of {image.BitsAllocated} bits; dicos.read reads grey 8- and 16-bit images");
        }

        var d = file.DataSet;
        // Multi-frame images keep these in the shared functional groups, single frames at the top level.
        var shared = First(d.GetItems(new DicomTag(0x5200, 0x9229)));
        var perFrame = d.GetItems(new DicomTag(0x5200, 0x9230));
        var transform = First(shared?.GetItems(new DicomTag(0x0028, 0x9145)));
        var measures = First(shared?.GetItems(new DicomTag(0x0028, 0x9110)));
        var plane = First(shared?.GetItems(new DicomTag(0x0020, 0x9116)));
        var slope = Numbers(d, new DicomTag(0x0028, 0x1053))?[0] ?? Numbers(transform, new DicomTag(0x0028, 0x1053))?[0] ?? 1;
        var intercept = Numbers(d, new DicomTag(0x0028, 0x1052))?[0] ?? Numbers(transform, new DicomTag(0x0028, 0x1052))?[0] ?? 0;
        var spacing = Numbers(d, new DicomTag(0x0028, 0x0030)) ?? Numbers(measures, new DicomTag(0x0028, 0x0030)) ?? [1, 1];
        var thickness = Numbers(d, new DicomTag(0x0018, 0x0050))?[0] ?? Numbers(measures, new DicomTag(0x0018, 0x0050))?[0] ?? 1;
        var orientation = Numbers(d, new DicomTag(0x0020, 0x0037)) ?? Numbers(plane, new DicomTag(0x0020, 0x0037)) ?? [1, 0, 0, 0, 1, 0];
        var pixelType = !options.Rescale ? (image.BitsAllocated == 8 ? PixelType.UInt8 : image.PixelRepresentation == 1 ? PixelType.Int16 : PixelType.UInt16) : PixelType.Float32;
        var decoded = new byte[image.FrameBytes];
        context.Progress.SetTotal(image.Frames, "frames");
        for (var f = 0; f < image.Frames; f++)
        {
            var position = (f < perFrame.Count ? Numbers(First(perFrame[f].GetItems(new DicomTag(0x0020, 0x9113))), new DicomTag(0x0020, 0x0032)) : null)
                ?? Numbers(d, new DicomTag(0x0020, 0x0032)) ?? [0, 0, f * thickness];
            var geometry = new FrameGeometry(spacing[1], spacing[0], thickness, (position[0], position[1], position[2]), (orientation[0], orientation[1], orientation[2]), (orientation[3], orientation[4], orientation[5]));
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
            double stored = image.BitsAllocated == 8 ? decoded[i]
                : image.PixelRepresentation == 1 ? BinaryPrimitives.ReadInt16LittleEndian(decoded.AsSpan(2 * i))
                : BinaryPrimitives.ReadUInt16LittleEndian(decoded.AsSpan(2 * i));
            target[i] = (float)((stored * slope) + intercept);
        }
    }

    private static DicomDataSet? First(IReadOnlyList<DicomDataSet>? items) => items is { Count: > 0 } ? items[0] : null;

    // A DS value's numbers, or null when absent or not numbers.
    private static double[]? Numbers(DicomDataSet? source, DicomTag tag)
    {
        var text = source?.GetString(tag);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var parts = text.Split('\\');
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                return null;
            }
        }

        return values;
    }
}
