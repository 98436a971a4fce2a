using System.Threading.Channels;
using Conduit.Abstractions.Errors;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Recon.Backprojection;
using Conduit.Plugins.Recon.Estimation;
using Conduit.Plugins.Recon.Geometry;
using Conduit.Plugins.Recon.Gpu;
using Microsoft.Extensions.Logging;

namespace Conduit.Plugins.Recon.Stages;

/// <summary>
/// <c>recon.fbp</c>: filtered back-projection of a stream of sinograms into float32 slices. The first sinogram fixes
/// the geometry; the chunk size comes from <see cref="FbpMemoryModel"/> and the stage's budget unless set, so a stack
/// larger than the budget is reconstructed chunk by chunk, each slice identical to a one-piece reconstruction.
/// </summary>
public sealed class FbpStage(FbpOptions options) : ITransformStage<Sinogram, ImageFrame>
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Announced = new();

    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<Sinogram> input, ChannelWriter<ImageFrame> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var pool = context.GetPool(options.Pool);
        ISliceReconstructor? engine = null;
        ParallelBeamGeometry? geometry = null;
        FbpSettings? settings = null;
        var chunkSize = 0;
        var chunk = new List<Sinogram>();
        try
        {
            await foreach (var sinogram in input.ReadAllAsync(cancellationToken))
            {
                chunk.Add(sinogram);
                if (engine is null)
                {
                    geometry = WithOffset(sinogram.Geometry);
                    settings = Settings(geometry);
                    (engine, chunkSize) = Open(context, geometry, settings);
                }
                else
                {
                    CheckSameGeometry(geometry!, sinogram);
                }

                CheckFinite(sinogram);
                if (chunk.Count == chunkSize)
                {
                    await ReconstructAsync(engine, pool, chunk, settings!, output, cancellationToken);
                }
            }

            if (chunk.Count > 0)
            {
                await ReconstructAsync(engine!, pool, chunk, settings!, output, cancellationToken);
            }
        }
        finally
        {
            chunk.ForEach(s => s.Dispose());
            engine?.Dispose();
        }
    }

    private ParallelBeamGeometry WithOffset(ParallelBeamGeometry geometry) =>
        options.CentreOffset == 0 ? geometry : new ParallelBeamGeometry(geometry.Angles.ToArray(), geometry.Detectors, geometry.CentreOffset + options.CentreOffset, geometry.DetectorSpacing);

    private FbpSettings Settings(ParallelBeamGeometry geometry) => new()
    {
        Filter = options.Filter,
        Padding = options.Padding,
        OutputSize = options.OutputSize == 0 ? geometry.Detectors : options.OutputSize,
        PixelSize = options.PixelSize,
        CircleMask = options.CircleMask,
    };

    private (ISliceReconstructor Engine, int ChunkSize) Open(IStageContext context, ParallelBeamGeometry geometry, FbpSettings settings)
    {
        var device = options.Device;
        if (device == ReconDevice.Auto)
        {
            device = AcceleratorSession.CudaAvailable() ? ReconDevice.Cuda : ReconDevice.Cpu;
        }

        var onDevice = device != ReconDevice.Cpu;
        var shape = new FbpShape(geometry.AngleCount, geometry.Detectors, settings.OutputSize);
        // The job's default channel capacity: a stage is not told its own.
        var capacity = 2;

        // What is free when the first sinogram arrives (that sinogram is already counted, and is part of the chunk).
        var budget = context.Budget.LimitBytes - context.Budget.ReservedBytes + geometry.SinogramBytes;
        var chunkSize = options.ChunkSlices;
        if (chunkSize == 0)
        {
            // The CPU path spreads one slice over all cores, so more slices a chunk would only cost memory; the GPU path
            // gains from the largest chunk that fits.
            var most = onDevice ? options.MaxChunkSlices : 1;
            chunkSize = FbpMemoryModel.LargestChunk(shape, budget, most, onDevice, options.Workers, options.FilterBatchPairs, capacity);
            if (chunkSize == 0)
            {
                var one = FbpMemoryModel.Estimate(shape, 1, onDevice, options.Workers, options.FilterBatchPairs, capacity);
                throw new MemoryBudgetExceededException($"{context.Budget.Name}: reconstructing one {geometry.AngleCount} × {geometry.Detectors} sinogram into {settings.OutputSize} × {settings.OutputSize} needs {one.PeakBytes} bytes ({one.Formula}), the budget has {budget} bytes free");
            }
        }

        ISliceReconstructor engine = onDevice
            ? new GpuSliceReconstructor(device, context.Budget, geometry, settings, options.FilterBatchPairs)
            : new CpuSliceReconstructor(geometry, settings, options.Workers);
        var estimate = FbpMemoryModel.Estimate(shape, chunkSize, onDevice, options.Workers, options.FilterBatchPairs, capacity);
        // Work items run this stage many times in one process: the plan is told once, and again when it changes.
        var level = Announced.TryAdd($"{geometry.AngleCount} {geometry.Detectors} {settings.OutputSize} {engine.Description} {chunkSize}", true) ? LogLevel.Information : LogLevel.Debug;
        if (context.Logger.IsEnabled(level))
        {
            context.Logger.Log(
                level,
                "FBP of {Angles} × {Detectors} sinograms into {Size}² slices on {Engine}, {Chunk} slices a chunk (estimated peak {Peak} bytes: {Formula})",
                geometry.AngleCount, geometry.Detectors, settings.OutputSize, engine.Description, chunkSize, estimate.PeakBytes, estimate.Formula);
        }

        return (engine, chunkSize);
    }

    private static void CheckSameGeometry(ParallelBeamGeometry first, Sinogram sinogram)
    {
        var g = sinogram.Geometry;
        if (g.AngleCount != first.AngleCount || g.Detectors != first.Detectors || !g.Angles.SequenceEqual(first.Angles))
        {
            throw new ConduitDataException($"sinogram {sinogram.Index}: {g.AngleCount} angles × {g.Detectors} detectors, but the stack began with {first.AngleCount} × {first.Detectors} at other angles; one recon.fbp reconstructs one geometry");
        }
    }

    // Every value, segment by segment: a sinogram over a lease's segment size (1 GiB) is split across segments.
    internal static void CheckFinite(Sinogram sinogram)
    {
        var count = (long)sinogram.Geometry.AngleCount * sinogram.Geometry.Detectors;
        foreach (var part in sinogram.Data.Segments<float>())
        {
            if (part.Index >= count)
            {
                break;
            }

            var values = part.Values[..(int)Math.Min(part.Values.Length, count - part.Index)];
            var at = IndexOfNonFinite(values);
            if (at >= 0)
            {
                var index = part.Index + at;
                throw new ConduitDataException($"sinogram {sinogram.Index}: value at angle {index / sinogram.Geometry.Detectors}, detector {index % sinogram.Geometry.Detectors} is {values[at]}; a sinogram must hold finite numbers");
            }
        }
    }

    private static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static async Task ReconstructAsync(ISliceReconstructor engine, IBufferPool pool, List<Sinogram> chunk, FbpSettings settings, ChannelWriter<ImageFrame> output, CancellationToken cancellationToken)
    {
        var first = chunk[0];
        var indices = chunk.Select(s => s.Index).ToArray();
        var slices = await FbpChunkRunner.RunAsync(engine, pool, chunk, settings.SliceBytes, cancellationToken);
        chunk.ForEach(s => s.Dispose());
        chunk.Clear();
        var spacing = settings.PixelSize * first.Geometry.DetectorSpacing;
        var corner = -(settings.OutputSize / 2) * spacing;
        for (var i = 0; i < slices.Length; i++)
        {
            var geometry = new FrameGeometry(spacing, spacing, first.SliceSpacing, (corner, corner, indices[i] * first.SliceSpacing), (1, 0, 0), (0, 1, 0));
            var frame = new ImageFrame(indices[i], new FrameLayout(PixelType.Float32, settings.OutputSize, settings.OutputSize, geometry), slices[i]);
            slices[i] = null!;
            try
            {
                await output.WriteAsync(frame, cancellationToken);
            }
            catch
            {
                frame.Dispose();
                foreach (var rest in slices.Skip(i + 1))
                {
                    rest.Dispose();
                }

                throw;
            }
        }
    }
}
