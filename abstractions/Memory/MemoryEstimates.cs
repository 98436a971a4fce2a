namespace Conduit.Abstractions.Memory;

/// <summary>Helpers for stages that choose a chunk size from an estimate.</summary>
public static class MemoryEstimates
{
    /// <summary>
    /// The largest chunk in [1, <paramref name="maxUnits"/>] whose estimate fits <paramref name="budgetBytes"/>,
    /// or 0 when even one unit does not fit. <paramref name="estimate"/> must grow with the chunk size.
    /// </summary>
    public static long LargestFitting(Func<long, MemoryEstimate> estimate, long maxUnits, long budgetBytes)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        ArgumentOutOfRangeException.ThrowIfNegative(maxUnits);
        long low = 0;
        var high = maxUnits;
        while (low < high)
        {
            var middle = low + ((high - low + 1) / 2);
            if (estimate(middle).PeakBytes <= budgetBytes)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }
}
