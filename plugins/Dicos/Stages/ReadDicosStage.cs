using System.Runtime.InteropServices;
using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Dicos.Codecs;
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

        // Frames are decoded (or copied and rescaled) on up to one core each, and passed on in order. Beyond the first
        // frame in flight, buffers are taken only if the pool has them at once; otherwise the frames in flight are
        // passed on first, so the stage waits for memory holding what a one-frame reader would.
        var decodeFirst = options.Rescale && !image.IsNative;
        var window = new Queue<(ImageFrame Frame, IBufferLease? Scratch, Task Decoding)>();
        context.Progress.SetTotal(image.Frames, "frames");
        try
        {
            for (var f = 0; f < image.Frames; f++)
            {
                var geometry = new FrameGeometry(columnSpacing, rowSpacing, image.SliceThickness, positions[f], (o[0], o[1], o[2]), (o[3], o[4], o[5]));
                var layout = new FrameLayout(pixelType, image.Columns, image.Rows, geometry);
                var (lease, scratch) = window.Count > 0 ? TryRent(pool, layout.ByteLength, decodeFirst ? frameBytes : 0) : (null, null);
                if (lease is null)
                {
                    while (window.Count > 0)
                    {
                        await PassOldestAsync(window, output, context, cancellationToken);
                    }

                    lease = await pool.RentAsync(layout.ByteLength, cancellationToken);
                    try
                    {
                        scratch = decodeFirst ? await pool.RentAsync(frameBytes, cancellationToken) : null;
                    }
                    catch
                    {
                        lease.Dispose();
                        throw;
                    }
                }

                var index = f;
                var target = lease.Memory[..(int)layout.ByteLength];
                var decoded = scratch?.Memory[..frameBytes];
                window.Enqueue((new ImageFrame(f, layout, lease), scratch, Task.Run(() => Decode(image, index, target.Span, decoded, slope, intercept), cancellationToken)));
                if (window.Count >= FrameParallelism.Degree)
                {
                    await PassOldestAsync(window, output, context, cancellationToken);
                }
            }

            while (window.Count > 0)
            {
                await PassOldestAsync(window, output, context, cancellationToken);
            }
        }
        finally
        {
            // A failure or cancellation: the frames still in flight are waited for (they write into their buffers) and
            // returned.
            while (window.TryDequeue(out var pending))
            {
                await ((Task)pending.Decoding).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                pending.Scratch?.Dispose();
                pending.Frame.Dispose();
            }
        }
    }

    private static (IBufferLease? Lease, IBufferLease? Scratch) TryRent(IBufferPool pool, long bytes, int scratchBytes)
    {
        if (!pool.TryRent(bytes, out var lease))
        {
            return (null, null);
        }

        if (scratchBytes == 0)
        {
            return (lease, null);
        }

        if (pool.TryRent(scratchBytes, out var scratch))
        {
            return (lease, scratch);
        }

        lease.Dispose();
        return (null, null);
    }

    private static async Task PassOldestAsync(Queue<(ImageFrame Frame, IBufferLease? Scratch, Task Decoding)> window, ChannelWriter<ImageFrame> output, IStageContext context, CancellationToken cancellationToken)
    {
        var (frame, scratch, decoding) = window.Peek();
        await decoding;
        window.Dequeue();
        scratch?.Dispose();
        await output.WriteOrDisposeAsync(frame, cancellationToken);
        context.Progress.Advance();
    }

    private void Decode(DicomImage image, int index, Span<byte> target, Memory<byte>? scratch, double slope, double intercept)
    {
        if (!options.Rescale)
        {
            image.ReadFrame(index, target);
        }
        else if (image.IsNative)
        {
            image.Rescaled(image.NativeFrame(index), slope, intercept, MemoryMarshal.Cast<byte, float>(target));
        }
        else
        {
            var decoded = scratch!.Value.Span;
            image.ReadFrame(index, decoded);
            image.Rescaled(decoded, slope, intercept, MemoryMarshal.Cast<byte, float>(target));
        }
    }
}
