using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Recon.Phantom;

namespace Conduit.Plugins.Recon.Stages;

/// <summary><c>recon.phantom-image</c>: the Shepp-Logan slices themselves (float32, each pixel the area-weighted
/// density), the reference a reconstruction of <c>recon.phantom</c>'s sinograms is compared with.</summary>
public sealed class PhantomImageStage(PhantomOptions options) : ISourceStage<ImageFrame>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelWriter<ImageFrame> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        var pool = context.GetPool(options.Pool);
        var size = options.Size;
        var corner = -(size / 2) * options.Spacing;
        context.Progress.SetTotal(options.Slices, "slices");
        for (var z = options.FirstSlice; z < options.FirstSlice + options.Slices; z++)
        {
            var geometry = new FrameGeometry(options.Spacing, options.Spacing, options.Spacing, (corner, corner, z * options.Spacing), (1, 0, 0), (0, 1, 0));
            var layout = new FrameLayout(PixelType.Float32, size, size, geometry);
            var lease = await pool.RentAsync(layout.ByteLength, cancellationToken);
            ImageFrame frame;
            try
            {
                SheppLoganPhantom.Draw(lease.AsSpan<float>(), size, z * options.TurnDegreesPerSlice);
                frame = new ImageFrame(z, layout, lease);
            }
            catch
            {
                lease.Dispose();
                throw;
            }

            await output.WriteOrDisposeAsync(frame, cancellationToken);

            context.Progress.Advance();
        }
    }
}
