using Conduit.Abstractions.Memory;

namespace Conduit.Plugins.Recon.Stages;

/// <summary>Memory of <c>recon.phantom</c>: one sinogram per message the output channel holds, plus the one being
/// drawn.</summary>
public sealed class PhantomSinogramEstimator : IMemoryEstimator<PhantomOptions>
{
    /// <inheritdoc />
    public MemoryEstimate Estimate(PhantomOptions options, MemoryEstimationContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        var slice = 4L * options.Angles * options.DetectorCount;
        return new MemoryEstimate(slice * (context.ChannelCapacity + 1), slice, "(channel capacity + 1) × angles × detectors × 4");
    }
}
