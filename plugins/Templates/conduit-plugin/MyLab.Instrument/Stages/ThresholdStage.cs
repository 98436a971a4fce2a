using System.Runtime.InteropServices;
using System.Threading.Channels;
using Conduit.Abstractions.Errors;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;

namespace MyLab.Instrument.Stages;

/// <summary>
/// <c>mylab.instrument.threshold</c>: works in place when it owns the frame, and into a newly rented lease when the
/// frame is shared with another stage (so that the other reader never sees the change).
/// </summary>
public sealed class ThresholdStage(ThresholdOptions options) : ITransformStage<ImageFrame, ImageFrame>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<ImageFrame> input, ChannelWriter<ImageFrame> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        long passed = 0;
        await foreach (var frame in input.ReadAllAsync(cancellationToken))
        {
            if (options.MaxFrames > 0 && passed == options.MaxFrames)
            {
                frame.Dispose();
                continue;
            }

            var result = frame;
            try
            {
                if (frame.Layout.PixelType != PixelType.Float32)
                {
                    throw new ConduitDataException($"mylab.instrument.threshold needs float32 frames; frame {frame.Index} is {frame.Layout.PixelType}");
                }

                if (!frame.Pixels.IsExclusive)
                {
                    result = new ImageFrame(frame.Index, frame.Layout, await context.Pool.RentAsync(frame.Layout.ByteLength, cancellationToken));
                    frame.Pixels.Span[..(int)frame.Layout.ByteLength].CopyTo(result.Pixels.Span);
                    frame.Dispose();
                }

                Apply(MemoryMarshal.Cast<byte, float>(result.Pixels.Span[..(int)frame.Layout.ByteLength]));
                await output.WriteAsync(result, cancellationToken);
            }
            catch
            {
                result.Dispose();
                frame.Dispose();
                throw;
            }

            passed++;
            context.Progress.Advance();
        }
    }

    private void Apply(Span<float> pixels)
    {
        var threshold = (float)options.Threshold;
        var floor = (float)options.Floor;
        foreach (ref var pixel in pixels)
        {
            if (pixel < threshold)
            {
                pixel = floor;
            }
        }
    }
}
