using Conduit.Engine.Memory;

namespace Conduit.Engine.Tests.Memory;

/// <summary>Steady-state renting and returning allocates no managed memory (measured on this thread), with exact
/// accounting and with per-core caching (a 256 KiB quantum).</summary>
public sealed class ZeroAllocationTests
{
    [Theory]
    [InlineData("managed", 0)]
    [InlineData("pinned", 0)]
    [InlineData("slab", 0)]
    [InlineData("managed", 256 << 10)]
    [InlineData("pinned", 256 << 10)]
    public void TryRent_and_dispose_allocate_nothing_in_steady_state(string kind, long cacheQuantum)
    {
        using var fixture = PoolUnderTest.Create(kind, cacheQuantum: cacheQuantum);
        RentAndReturn(fixture.Pool, 100);

        var before = GC.GetAllocatedBytesForCurrentThread();
        RentAndReturn(fixture.Pool, 10_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("managed", 0)]
    [InlineData("pinned", 0)]
    [InlineData("slab", 0)]
    [InlineData("managed", 256 << 10)]
    [InlineData("pinned", 256 << 10)]
    public void RentAsync_that_completes_at_once_allocates_nothing_in_steady_state(string kind, long cacheQuantum)
    {
        using var fixture = PoolUnderTest.Create(kind, cacheQuantum: cacheQuantum);
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
