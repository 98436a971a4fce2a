using System.Threading.Channels;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Pulseq.Unrolling;

namespace Conduit.Plugins.Pulseq.Stages;

/// <summary><c>pulseq.adc-windows</c>: the ADC events of each sequence it receives, placed on the card stream's frames
/// exactly where <c>pulseq.unroll</c> raises the ADC gate, with samples, dwell, offsets and labels: what a receiver
/// needs to cut a gated recording into lines.</summary>
public sealed class AdcWindowsStage(AdcWindowsOptions options) : ITransformStage<PulseqSequenceMessage, AcquisitionWindow>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<PulseqSequenceMessage> input, ChannelWriter<AcquisitionWindow> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        await foreach (var message in input.ReadAllAsync(cancellationToken))
        {
            var sequence = message.Sequence;
            var signature = sequence.Signature.Present ? $"{sequence.Signature.Type}:{sequence.Signature.Hash}" : null;
            var description = new SequenceDescription(sequence.Name, signature, sequence.Definitions);
            var streamer = new SequenceStreamer(message.Sequence, new UnrollSettings { SampleRate = options.SampleRate, Repetitions = options.Repetitions, LarmorFrequency = 0, RfChannel = 0 });
            foreach (var window in streamer.AdcWindows())
            {
                await output.WriteAsync(window with { Sequence = description }, cancellationToken);
                context.Progress.Advance();
            }
        }
    }
}
