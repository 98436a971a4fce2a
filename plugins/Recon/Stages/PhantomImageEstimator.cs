using Conduit.Abstractions.Memory;

namespace Conduit.Plugins.Recon.Stages;

/// <summary>Memory of <c>recon.phantom-image</c>: one image per message the output channel holds, plus the one being
/// drawn.</summary>
public sealed class PhantomImageEstimator : IMemoryEstimator<PhantomOptions>
{
    /// <inheritdoc />
    public MemoryEstimate Estimate(PhantomOptions options, MemoryEstimationContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        var slice = 4L * options.Size * options.Size;
        return new MemoryEstimate(slice * (context.ChannelCapacity + 1), slice, "(channel capacity + 1) × size² × 4");
    }
}
