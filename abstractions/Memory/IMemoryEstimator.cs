namespace Conduit.Abstractions.Memory;

/// <summary>
/// Predicts a stage's peak memory from its options, before anything runs. The job validator refuses a job whose
/// stages cannot fit its budget; chunking stages use <see cref="MemoryEstimates.LargestFitting"/> to pick the largest
/// chunk that fits.
/// </summary>
/// <typeparam name="TOptions">The stage's options type.</typeparam>
public interface IMemoryEstimator<in TOptions>
    where TOptions : class
{
    /// <summary>Predicts the stage's memory for these options.</summary>
    MemoryEstimate Estimate(TOptions options, MemoryEstimationContext context);
}
