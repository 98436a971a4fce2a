using Conduit.Abstractions.Memory;
using Conduit.Plugins.Pulseq.Unrolling;

namespace Conduit.Plugins.Pulseq.Stages;

/// <summary>Memory of <c>pulseq.unroll</c>: in-flight segments and their scratch; nothing depends on the sequence.</summary>
public sealed class UnrollPulseqEstimator : IMemoryEstimator<UnrollPulseqOptions>
{
    /// <inheritdoc />
    public MemoryEstimate Estimate(UnrollPulseqOptions options, MemoryEstimationContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        var peak = SegmentPipeline.PeakBytes(options.SegmentFrames, options.Parallelism);
        return new MemoryEstimate(peak, options.SegmentFrames * 8L, "(parallelism + 1) × segment frames × (8 + 17) bytes");
    }
}
