using Conduit.Abstractions.Memory;
using Conduit.Plugins.Fcs.Writing;

namespace Conduit.Plugins.Fcs.Stages;

/// <summary>Memory of <c>fcs.write</c>: one conversion batch (float32 chunks are written from their own memory), the
/// output stream's buffer and the TEXT segment, whatever the number of events.</summary>
public sealed class WriteFcsEstimator : IMemoryEstimator<WriteFcsOptions>
{
    /// <summary>The stream's buffer and the TEXT segment (keywords of the source), generously.</summary>
    public const long FixedBytes = 1 << 20;

    /// <inheritdoc />
    public MemoryEstimate Estimate(WriteFcsOptions options, MemoryEstimationContext context) =>
        new(FcsWriter.ScratchBytes + FixedBytes, 0, "256 KiB conversion batch + 1 MiB for the stream buffer and TEXT segment (constant)");
}
