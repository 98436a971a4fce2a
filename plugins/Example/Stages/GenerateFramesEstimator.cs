using Conduit.Abstractions.Memory;

namespace Conduit.Plugins.Example.Stages;

/// <summary>
/// Memory <c>example.generate</c> holds itself: the frame it is filling (width × height × 4 bytes). The frames it has
/// written and that wait in its output channel or are being worked on downstream are counted by the job validator,
/// (capacity + 1) × the frame size per connection.
/// </summary>
public sealed class GenerateFramesEstimator : IMemoryEstimator<GenerateFramesOptions>
{
    /// <inheritdoc />
    public MemoryEstimate Estimate(GenerateFramesOptions options, MemoryEstimationContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        var frameBytes = (long)options.Width * options.Height * sizeof(float);
        return new MemoryEstimate(frameBytes, frameBytes, "width × height × 4");
    }
}
