using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Plotting;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Datasets.Plotting;
using Conduit.Plugins.Plotting;

namespace Conduit.Plugins.Datasets.Stages;

/// <summary><c>datasets.plot</c>: draws three orthogonal slices of one volume of the frames it receives (in order,
/// slicesPerVolume frames a volume); frames of other volumes pass by without being kept.</summary>
public sealed class PlotDatasetStage(PlotDatasetOptions options) : ISinkStage<ImageFrame>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<ImageFrame> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        // The volume's slices and the picture live outside the pools: reserved from the budget before they exist.
        await using var held = new BudgetReservation(context.Budget);
        var slices = new List<double[]>();
        FrameLayout? first = null;
        long frames = 0;
        await foreach (var frame in input.ReadAllAsync(cancellationToken))
        {
            using (frame)
            {
                var volume = options.SlicesPerVolume == 0 ? 0 : frames / options.SlicesPerVolume;
                frames++;
                if (volume != options.Volume)
                {
                    continue;
                }

                first ??= frame.Layout;
                if (frame.Layout.Width != first.Value.Width || frame.Layout.Height != first.Value.Height)
                {
                    throw new InvalidOperationException($"frame {frame.Index} is {frame.Layout.Width} × {frame.Layout.Height}, the volume's first slice {first.Value.Width} × {first.Value.Height}");
                }

                // The slice as doubles, its bytes while converting, and its part of the volume the plot joins.
                await held.AddAsync((2 * frame.Layout.PixelCount * sizeof(double)) + frame.Layout.ByteLength, cancellationToken);
                var bytes = new byte[frame.Layout.ByteLength];
                frame.Pixels.CopyTo(bytes);
                slices.Add(NiftiPlotter.ToDoubles(bytes, FramePixels.Of(frame.Layout.PixelType)));
            }
        }

        if (first is not { } layout)
        {
            throw new InvalidOperationException($"volume {options.Volume} never arrived ({frames} frames in all)");
        }

        var depth = slices.Count;
        var z = options.Slice < 0 ? depth / 2 : options.Slice;
        if (z >= depth)
        {
            throw new ArgumentException($"slice {z}: the volume has slices 0 to {depth - 1}");
        }

        await held.AddAsync(PlotImages.WorkingBytes(options.Width, options.Height), cancellationToken);
        var g = layout.Geometry;
        var plot = NiftiPlotter.Build($"{context.StageId}: volume {options.Volume}", [.. slices.SelectMany(s => s)], (layout.Width, layout.Height, depth), (g.SpacingX, g.SpacingY, g.SpacingZ), z, out _);
        var request = new PlotRequest
        {
            Width = options.Width,
            Height = options.Height,
            Format = options.Path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) ? PlotImageFormat.Svg : PlotImageFormat.Png,
        };
        await using var file = context.CreateOutputFile(options.Path);
        PlotImages.Write(plot, request, file.Stream);
        await file.CompleteAsync(cancellationToken);
    }

}
