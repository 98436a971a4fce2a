using Conduit.Testing.Memory;

namespace Conduit.Testing.Tests.Memory;

/// <summary>The kit's leak check fails a test for every lease left out, and names where it was rented.</summary>
public sealed class LeakCheckingPoolTests
{
    [Fact]
    public async Task A_lease_left_out_is_reported_with_its_size_and_the_method_that_rented_it()
    {
        var pool = new LeakCheckingPool(budgetBytes: 1 << 20);
        var kept = await RentAndForgetAsync(pool);

        var error = Assert.Throws<LeakedLeasesException>(pool.Dispose);

        Assert.Contains("1 lease(s) from pool 'test' were not disposed", error.Message, StringComparison.Ordinal);
        Assert.Contains("- 100 bytes, rented at:", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(RentAndForgetAsync), error.Message, StringComparison.Ordinal);
        kept.Dispose();
    }

    [Fact]
    public async Task Disposed_leases_and_their_shares_leave_nothing_to_report()
    {
        using var pool = new LeakCheckingPool(budgetBytes: 1 << 20);
        var lease = await pool.RentAsync(64, TestContext.Current.CancellationToken);
        var share = lease.Share();

        lease.Dispose();
        Assert.Equal(1, pool.OutstandingLeases);
        share.Dispose();

        Assert.Equal(0, pool.OutstandingLeases);
        pool.AssertNoLeases();
    }

    [Fact]
    public async Task A_lease_used_after_it_was_disposed_throws_instead_of_reading_recycled_memory()
    {
        using var pool = new LeakCheckingPool(budgetBytes: 1 << 20);
        var lease = await pool.RentAsync(16, TestContext.Current.CancellationToken);
        lease.Dispose();

        Assert.ThrowsAny<ObjectDisposedException>(() => lease.Span[0]);
    }

    private static async Task<Abstractions.Memory.IBufferLease> RentAndForgetAsync(LeakCheckingPool pool) =>
        await pool.RentAsync(100, TestContext.Current.CancellationToken);
}
