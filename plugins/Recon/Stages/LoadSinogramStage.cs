using System.Threading.Channels;
using Conduit.Abstractions.Errors;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Recon.Loading;

namespace Conduit.Plugins.Recon.Stages;

/// <summary><c>recon.load-sinogram</c>: streams the slices of a <c>.npy</c> or HDF5 sinogram stack, one lease each.</summary>
public sealed class LoadSinogramStage(LoadSinogramOptions options) : ISourceStage<Sinogram>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelWriter<Sinogram> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        var path = context.ResolvePath(options.Path);
        var pool = context.GetPool(options.Pool);
        using var source = SinogramFiles.Open(path, options.Dataset, options.AnglesDataset, options.Axes);

        // Before anything is read at the size the file's header gives (its angles, its slices), that size is checked
        // against what the pool can lend.
        var sliceBytes = (long)source.Angles * source.Detectors * sizeof(float);
        if (sliceBytes > pool.MaxLeaseBytes)
        {
            throw new MemoryBudgetExceededException($"{path}: one slice of {source.Angles} angles × {source.Detectors} detectors needs {ByteSize.Format(sliceBytes)}, more than pool '{pool.Name}' can lend ({ByteSize.Format(pool.MaxLeaseBytes)})")
            {
                RequestedBytes = sliceBytes,
                LimitBytes = pool.MaxLeaseBytes,
            };
        }

        var geometry = AngleOptions.Geometry(path, source.Angles, source.Detectors, options.Angles, source.AnglesDegrees, options.ArcDegrees, options.StartDegrees, options.CentreOffset, options.DetectorSpacing);
        if (options.FirstSlice >= source.Slices)
        {
            throw new ConduitDataException($"{path}: firstSlice {options.FirstSlice} is past the file's last slice, {source.Slices - 1}");
        }

        // The last chunk of a stack split into work items may be shorter than the others.
        var end = options.Slices == 0 ? source.Slices : Math.Min(source.Slices, (long)options.FirstSlice + options.Slices);

        context.Progress.SetTotal(end - options.FirstSlice, "slices");
        for (var z = options.FirstSlice; z < end; z++)
        {
            var lease = await pool.RentAsync(geometry.SinogramBytes, cancellationToken);
            Sinogram message;
            try
            {
                source.ReadSlice(z, lease.AsSpan<float>());
                message = new Sinogram(z, geometry, options.SliceSpacing, lease);
            }
            catch
            {
                lease.Dispose();
                throw;
            }

            await output.WriteOrDisposeAsync(message, cancellationToken);

            context.Progress.Advance();
        }
    }
}
