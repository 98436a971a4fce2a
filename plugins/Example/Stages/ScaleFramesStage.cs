using System.Numerics;
using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Example.Stages;

/// <summary>
/// <c>example.scale</c>: scales in place when the frame's lease is exclusive; when it is shared (another stage reads
/// the same frame) it writes into a newly rented lease instead, so the other reader never sees the change.
/// </summary>
public sealed class ScaleFramesStage(ScaleFramesOptions options) : ITransformStage<ImageFrame, ImageFrame>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<ImageFrame> input, ChannelWriter<ImageFrame> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        await foreach (var frame in input.ReadAllAsync(cancellationToken))
        {
            var result = frame;
            try
            {
                if (frame.Layout.PixelType != PixelType.Float32)
                {
                    throw new ExampleDataException($"example.scale works on float32 frames; frame {frame.Index} is {frame.Layout.PixelType}");
                }

                if (frame.Pixels.IsExclusive)
                {
                    Scale(frame.Pixels, frame.Pixels);
                }
                else
                {
                    var target = await context.Pool.RentAsync(frame.Layout.ByteLength, cancellationToken);
                    result = new ImageFrame(frame.Index, frame.Layout, target);
                    Scale(frame.Pixels, target);
                    frame.Dispose();
                }

                await output.WriteAsync(result, cancellationToken);
            }
            catch
            {
                result.Dispose();
                frame.Dispose();
                throw;
            }

            context.Progress.Advance();
        }
    }

    // Segment by segment, so a frame past one lease segment scales as any other.
    private void Scale(IBufferLease source, IBufferLease target)
    {
        foreach (var part in source.Segments<float>())
        {
            Scale(part.Values, target.AsSpan<float>(part.Index, part.Values.Length));
        }
    }

    private void Scale(ReadOnlySpan<float> from, Span<float> to)
    {
        var factor = (float)options.Factor;
        var offset = (float)options.Offset;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var factors = new Vector<float>(factor);
            var offsets = new Vector<float>(offset);
            for (; i <= from.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                ((new Vector<float>(from[i..]) * factors) + offsets).CopyTo(to[i..]);
            }
        }

        for (; i < from.Length; i++)
        {
            to[i] = (from[i] * factor) + offset;
        }
    }
}
