using Conduit.Abstractions.Memory;

namespace Conduit.Plugins.Example.Stages;

/// <summary>Peak memory of <c>example.write</c>: it rents nothing; its file buffer is 64 KiB.</summary>
public sealed class WriteFramesEstimator : IMemoryEstimator<WriteFramesOptions>
{
    /// <inheritdoc />
    public MemoryEstimate Estimate(WriteFramesOptions options, MemoryEstimationContext context) =>
        new(0, 0, "0 (frames belong to their producer's budget; 64 KiB file buffer outside the budget)");
}
