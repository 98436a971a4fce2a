using System.Threading.Channels;
using Conduit.Abstractions.Plotting;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Plotting;
using Conduit.Plugins.Pulseq.Plotting;

namespace Conduit.Plugins.Pulseq.Stages;

/// <summary><c>pulseq.plot</c>: draws the sequence it receives (diagram or card stream) over a time window.</summary>
public sealed class PlotPulseqStage(PlotPulseqOptions options) : ISinkStage<PulseqSequenceMessage>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<PulseqSequenceMessage> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        await foreach (var message in input.ReadAllAsync(cancellationToken))
        {
            var request = new PlotRequest
            {
                Kind = options.Kind,
                From = options.From,
                To = options.To > 0 ? options.To : null,
                Width = options.Width,
                Height = options.Height,
                Format = options.Path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) ? PlotImageFormat.Svg : PlotImageFormat.Png,
            };
            var plot = PulseqPlotter.Build(message.Sequence, request);
            await using var file = context.CreateOutputFile(options.Path);
            PlotImages.Write(plot, request, file.Stream);
            await file.CompleteAsync(cancellationToken);
        }
    }
}
