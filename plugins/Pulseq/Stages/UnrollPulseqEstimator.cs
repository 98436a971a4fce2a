using System.Numerics;
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
        var segmentBytes = (long)BitOperations.RoundUpToPowerOf2((ulong)options.SegmentFrames * 8);
        var peak = SegmentPipeline.PeakBytes(options.SegmentFrames, options.Parallelism) + (context.ChannelCapacity * segmentBytes);
        return new MemoryEstimate(peak, options.SegmentFrames * 4L * sizeof(float), "(parallelism + 1) × segment frames × (8 + 16 + 1) + channel capacity × segment frames × 8 bytes");
    }
}
