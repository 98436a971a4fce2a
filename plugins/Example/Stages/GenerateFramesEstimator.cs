using Conduit.Abstractions.Memory;

namespace Conduit.Plugins.Example.Stages;

/// <summary>Peak memory of <c>example.generate</c>: the frames in its output channel plus the one being filled.</summary>
public sealed class GenerateFramesEstimator : IMemoryEstimator<GenerateFramesOptions>
{
    /// <inheritdoc />
    public MemoryEstimate Estimate(GenerateFramesOptions options, MemoryEstimationContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        var frameBytes = (long)options.Width * options.Height * sizeof(float);
        return new MemoryEstimate((context.ChannelCapacity + 1) * frameBytes, frameBytes, "(capacity + 1) × width × height × 4");
    }
}
