using Conduit.Engine.Memory;

namespace Conduit.Engine.Tests.Memory;

/// <summary>Steady-state renting and returning allocates no managed memory (measured on this thread).</summary>
public sealed class ZeroAllocationTests
{
    [Theory]
    [InlineData("managed")]
    [InlineData("pinned")]
    [InlineData("slab")]
    public void TryRent_and_dispose_allocate_nothing_in_steady_state(string kind)
    {
        using var fixture = PoolUnderTest.Create(kind);
        RentAndReturn(fixture.Pool, 100);

        var before = GC.GetAllocatedBytesForCurrentThread();
        RentAndReturn(fixture.Pool, 10_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("pinned")]
    [InlineData("slab")]
    public void RentAsync_that_completes_at_once_allocates_nothing_in_steady_state(string kind)
    {
        using var fixture = PoolUnderTest.Create(kind);
        RentAsyncAndReturn(fixture.Pool, 100);

        var before = GC.GetAllocatedBytesForCurrentThread();
        RentAsyncAndReturn(fixture.Pool, 10_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    private static void RentAndReturn(BufferPool pool, int times)
    {
        for (var i = 0; i < times; i++)
        {
            if (!pool.TryRent(4096, out var lease))
            {
                throw new InvalidOperationException("refused");
            }

            lease.Span[0] = 1;
            lease.Dispose();
        }
    }

    private static void RentAsyncAndReturn(BufferPool pool, int times)
    {
        for (var i = 0; i < times; i++)
        {
            var pending = pool.RentAsync(4096);
            if (!pending.IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("did not complete at once");
            }

            var lease = pending.Result;
            lease.Span[0] = 1;
            lease.Dispose();
        }
    }
}
