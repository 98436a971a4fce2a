using Conduit.Abstractions.Memory;

namespace Conduit.Abstractions.Tests.Memory;

public sealed class MemoryEstimatesTests
{
    [Theory]
    [InlineData(1000L, 100L, 10L)]
    [InlineData(999L, 100L, 9L)]
    [InlineData(50L, 100L, 0L)]
    [InlineData(1_000_000L, 100L, 100L)]
    public void Finds_the_largest_chunk_that_fits(long budget, long maxUnits, long expected)
    {
        Assert.Equal(expected, MemoryEstimates.LargestFitting(units => new MemoryEstimate(units * 100, 100, "100 × units"), maxUnits, budget));
    }
}
