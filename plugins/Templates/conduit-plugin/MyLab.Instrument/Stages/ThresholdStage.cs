using System.Threading.Channels;
using Conduit.Abstractions.Errors;
using Conduit.Abstractions.Memory;
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

            if (frame.Layout.PixelType != PixelType.Float32)
            {
                var problem = $"{context.StageId}: frame {frame.Index} holds {frame.Layout.PixelType} pixels; mylab.instrument.threshold reads float32 frames (convert them upstream)";
                frame.Dispose();
                throw new ConduitDataException(problem);
            }

            // Work in place on a frame this stage owns alone; copy a frame other stages also read (the copy is
            // written on, the shared frame let go, also when renting is cancelled).
            var result = frame;
            if (!frame.Pixels.IsExclusive)
            {
                using (frame)
                {
                    result = new ImageFrame(frame.Index, frame.Layout, await context.Pool.RentAsync(frame.Layout.ByteLength, cancellationToken));
                    frame.Pixels.AsSpan<float>().CopyTo(result.Pixels.AsSpan<float>());
                }
            }

            Apply(result.Pixels.AsSpan<float>());
            await output.WriteOrDisposeAsync(result, cancellationToken);
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
