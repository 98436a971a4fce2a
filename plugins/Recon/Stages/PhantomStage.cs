using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Recon.Geometry;
using Conduit.Plugins.Recon.Phantom;

namespace Conduit.Plugins.Recon.Stages;

/// <summary><c>recon.phantom</c>: the exact (analytic) parallel-beam sinograms of a stack of Shepp-Logan slices.</summary>
public sealed class PhantomStage(PhantomOptions options) : ISourceStage<Sinogram>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelWriter<Sinogram> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        var pool = context.GetPool(options.Pool);
        var geometry = ParallelBeamGeometry.Uniform(options.Angles, options.DetectorCount, options.ArcDegrees, detectorSpacing: options.Spacing);
        context.Progress.SetTotal(options.Slices, "slices");
        for (var z = options.FirstSlice; z < options.FirstSlice + options.Slices; z++)
        {
            var lease = await pool.RentAsync(geometry.SinogramBytes, cancellationToken);
            Sinogram message;
            try
            {
                SheppLoganPhantom.Project(lease.AsSpan<float>(), geometry, options.Size, z * options.TurnDegreesPerSlice);
                message = new Sinogram(z, geometry, options.Spacing, lease);
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
