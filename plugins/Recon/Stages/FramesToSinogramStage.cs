using System.Runtime.InteropServices;
using System.Threading.Channels;
using Conduit.Abstractions.Errors;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Recon.Geometry;

namespace Conduit.Plugins.Recon.Stages;

/// <summary>
/// <c>recon.sinogram</c>: frames (width = detectors, height = angles) become sinograms, so any reader of frames can
/// feed <c>recon.fbp</c> (NIfTI and HDF5 through <c>datasets.open</c>). A float32 frame whose lease the stage owns is
/// passed on as it is; others are converted into a rented lease.
/// </summary>
public sealed class FramesToSinogramStage(FramesToSinogramOptions options) : ITransformStage<ImageFrame, Sinogram>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<ImageFrame> input, ChannelWriter<Sinogram> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var pool = context.GetPool(options.Pool);
        ParallelBeamGeometry? geometry = null;
        await foreach (var frame in input.ReadAllAsync(cancellationToken))
        {
            Sinogram message;
            using (frame)
            {
                var layout = frame.Layout;
                geometry ??= AngleOptions.Geometry($"frame {frame.Index}", layout.Height, layout.Width, options.Angles, null, options.ArcDegrees, options.StartDegrees, options.CentreOffset, layout.Geometry.SpacingX);
                if (layout.Height != geometry.AngleCount || layout.Width != geometry.Detectors)
                {
                    throw new ConduitDataException($"frame {frame.Index} is {layout.Width} × {layout.Height}; the sinograms before it were {geometry.Detectors} detectors × {geometry.AngleCount} angles");
                }

                var lease = await FloatLeaseAsync(frame, pool, cancellationToken);
                message = new Sinogram(frame.Index, geometry, layout.Geometry.SpacingZ, lease);
            }

            await output.WriteOrDisposeAsync(message, cancellationToken);
        }
    }

    private static async ValueTask<IBufferLease> FloatLeaseAsync(ImageFrame frame, IBufferPool pool, CancellationToken cancellationToken)
    {
        var layout = frame.Layout;
        var pixels = frame.Pixels;
        if (layout.PixelType == PixelType.Float32 && pixels.IsContiguous && pixels.IsExclusive && pixels.Ownership == LeaseOwnership.Owned)
        {
            return frame.TakePixels();
        }

        // The frame may come in segments; the sinogram recon.fbp reconstructs is one piece of at most one segment.
        var lease = await pool.RentAsync(layout.PixelCount * sizeof(float), cancellationToken);
        try
        {
            if (!lease.IsContiguous)
            {
                throw new ConduitDataException($"frame {frame.Index}: a sinogram of {layout.PixelCount} values is over one lease segment (1 GiB), and recon.fbp reconstructs a sinogram in one piece");
            }

            var target = lease.AsSpan<float>()[..(int)layout.PixelCount];
            var size = layout.PixelType.SizeInBytes();
            foreach (var segment in pixels.Segments())
            {
                var start = (int)(segment.Offset / size);
                if (start >= target.Length)
                {
                    break;
                }

                var part = target[start..Math.Min(target.Length, start + (segment.Memory.Length / size))];
                var source = segment.Span;
                switch (layout.PixelType)
                {
                    case PixelType.Float32: MemoryMarshal.Cast<byte, float>(source)[..part.Length].CopyTo(part); break;
                    case PixelType.Float64: Convert(MemoryMarshal.Cast<byte, double>(source), part, v => (float)v); break;
                    case PixelType.Int16: Convert(MemoryMarshal.Cast<byte, short>(source), part, v => v); break;
                    case PixelType.UInt16: Convert(MemoryMarshal.Cast<byte, ushort>(source), part, v => v); break;
                    case PixelType.Int32: Convert(MemoryMarshal.Cast<byte, int>(source), part, v => v); break;
                    case PixelType.UInt32: Convert(MemoryMarshal.Cast<byte, uint>(source), part, v => v); break;
                    default: Convert(source, part, v => v); break;
                }
            }

            return lease;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    private static void Convert<T>(ReadOnlySpan<T> source, Span<float> target, Func<T, float> convert)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = convert(source[i]);
        }
    }
}
