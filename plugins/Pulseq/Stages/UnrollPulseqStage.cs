using System.Threading.Channels;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Pulseq.Unrolling;
using Microsoft.Extensions.Logging;

namespace Conduit.Plugins.Pulseq.Stages;

/// <summary><c>pulseq.unroll</c>: turns each sequence it receives into a stream of card sample segments (idle
/// stretches without buffers), repeated for averaging without parsing again.</summary>
public sealed class UnrollPulseqStage(UnrollPulseqOptions options) : ITransformStage<PulseqSequenceMessage, SampleSegment>
{
    /// <summary>Marker meanings of the card channels, in channel order.</summary>
    internal static readonly string[] MarkerNames = ["", "adc-gate", "rf-unblank", "phase-reference"];

    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<PulseqSequenceMessage> input, ChannelWriter<SampleSegment> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (options.SegmentSize.Bytes % 8 != 0 || options.SegmentSize.Bytes < 128)
        {
            throw new ArgumentException($"segmentSize {options.SegmentSize} must be a multiple of 8 bytes (one frame) and at least 128 bytes");
        }

        var format = new SampleStreamFormat(options.SampleRate, 4, options.ChannelMap.Select(c => c.ToString().ToLowerInvariant()).ToArray(), MarkerNames);
        await foreach (var message in input.ReadAllAsync(cancellationToken))
        {
            var streamer = new SequenceStreamer(message.Sequence, options.ToSettings());
            context.Progress.SetTotal(streamer.TotalFrames, "frames");
            if (context.Logger.IsEnabled(LogLevel.Information))
            {
                context.Logger.LogInformation("Unrolling {Frames} frames ({Repetitions} × {Seconds:G6} s) at {Rate} Hz; full scale RF {Rf:G6} Hz, gradients {Gradients} Hz/m",
                    streamer.TotalFrames, options.Repetitions, message.Sequence.Summary.DurationSeconds, options.SampleRate, streamer.RfFullScale, string.Join(" / ", streamer.GradientFullScale.Select(g => g.ToString("G6", System.Globalization.CultureInfo.InvariantCulture))));
            }

            await foreach (var segment in SegmentPipeline.StreamAsync(streamer, format, context.Pool, options.Parallelism, cancellationToken))
            {
                var frames = segment.Frames;
                await output.WriteOrDisposeAsync(segment, cancellationToken);

                context.Progress.Advance(frames);
            }
        }
    }
}
