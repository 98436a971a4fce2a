using Conduit.Abstractions.Memory;

namespace MyLab.Instrument.Stages;

/// <summary>
/// Memory <c>mylab.instrument.threshold</c> holds itself: none, since it works in place on the frames it receives
/// (the host counts the frames in flight). A stage that rents buffers says how many bytes here, as a formula.
/// </summary>
public sealed class ThresholdEstimator : IMemoryEstimator<ThresholdOptions>
{
    /// <inheritdoc />
    public MemoryEstimate Estimate(ThresholdOptions options, MemoryEstimationContext context) =>
        new(0, 0, "0 (in place)");
}
