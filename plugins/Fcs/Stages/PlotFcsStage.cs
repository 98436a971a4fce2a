using System.Runtime.InteropServices;
using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Plotting;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Fcs.Plotting;
using Conduit.Plugins.Plotting;

namespace Conduit.Plugins.Fcs.Stages;

/// <summary>
/// <c>fcs.plot</c>: draws the events it receives as a density plot or histograms. A stream longer than maxEvents is
/// sampled uniformly (reservoir sampling), so memory stays at the sample whatever the stream's length.
/// </summary>
public sealed class PlotFcsStage(PlotFcsOptions options) : ISinkStage<EventChunk>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<EventChunk> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        // The sample and the picture live outside the pools: they are reserved from the budget before they exist.
        await using var held = new BudgetReservation(context.Budget);
        List<string>? names = null;
        double[] sample = [];
        long seen = 0;
        var random = new Random(1);
        await foreach (var chunk in input.ReadAllAsync(cancellationToken))
        {
            using (chunk)
            {
                names ??= [.. chunk.Layout.Channels];
                var n = names.Count;
                if (sample.Length == 0)
                {
                    await held.AddAsync((long)options.MaxEvents * n * sizeof(double), cancellationToken);
                    sample = new double[(long)options.MaxEvents * n];
                }

                var bytes = chunk.Values.Span[..(int)chunk.Layout.ByteLength];
                for (var row = 0; row < chunk.Layout.Rows; row++, seen++)
                {
                    var slot = seen < options.MaxEvents ? seen : random.NextInt64(seen + 1);
                    if (slot >= options.MaxEvents)
                    {
                        continue;
                    }

                    for (var c = 0; c < n; c++)
                    {
                        sample[(slot * n) + c] = chunk.Layout.ValueType == EventValueType.Float32
                            ? MemoryMarshal.Cast<byte, float>(bytes)[(row * n) + c]
                            : MemoryMarshal.Cast<byte, double>(bytes)[(row * n) + c];
                    }
                }

                context.Progress.Advance(chunk.Layout.Rows);
            }
        }

        if (names is null)
        {
            throw new InvalidOperationException("no events arrived, so there is nothing to draw");
        }

        var kept = (int)Math.Min(seen, options.MaxEvents);
        var request = new PlotRequest
        {
            Kind = options.Kind,
            X = options.X,
            Y = options.Y,
            Scale = options.Scale,
            Width = options.Width,
            Height = options.Height,
            Format = options.Path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) ? PlotImageFormat.Svg : PlotImageFormat.Png,
        };
        await held.AddAsync(PlotImages.WorkingBytes(options.Width, options.Height) + ((long)kept * names.Count * sizeof(double)), cancellationToken);
        var plots = FcsPlotter.Build(context.StageId, names, sample[..(kept * names.Count)], request);
        await using var file = context.CreateOutputFile(options.Path);
        PlotImages.Write(plots, request, file.Stream);
        await file.CompleteAsync(cancellationToken);
    }
}
