using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Tests.Memory;

/// <summary>What every pool kind must do.</summary>
public sealed class BufferPoolTests
{
    [Theory]
    [MemberData(nameof(PoolUnderTest.Kinds), MemberType = typeof(PoolUnderTest))]
    public void Rents_the_requested_length_and_gives_the_budget_back_on_dispose(string kind)
    {
        using var fixture = PoolUnderTest.Create(kind);

        Assert.True(fixture.Pool.TryRent(5000, out var lease));
        Assert.Equal(5000, lease.Length);
        Assert.Equal(5000, lease.Memory.Length);
        Assert.Equal(kind == "mapped" ? LeaseOwnership.Mapped : LeaseOwnership.Owned, lease.Ownership);
        Assert.Equal(1, fixture.Pool.Statistics.OutstandingLeases);

        lease.Dispose();

        Assert.Equal(0, fixture.Pool.Statistics.OutstandingLeases);
        Assert.Equal(0, fixture.Pool.Statistics.OutstandingBytes);
        Assert.Equal(fixture.IdleReservation, fixture.Budget.ReservedBytes);
    }

    [Theory]
    [MemberData(nameof(PoolUnderTest.Kinds), MemberType = typeof(PoolUnderTest))]
    public void Written_bytes_read_back(string kind)
    {
        using var fixture = PoolUnderTest.Create(kind);
        Assert.True(fixture.Pool.TryRent(4096, out var rented));
        using var lease = rented;

        for (var i = 0; i < lease.Span.Length; i++)
        {
            lease.Span[i] = (byte)(i * 7);
        }

        Assert.Equal(unchecked((byte)(4095 * 7)), lease.Memory.Span[4095]);
    }

    [Theory]
    [MemberData(nameof(PoolUnderTest.Kinds), MemberType = typeof(PoolUnderTest))]
    public void Using_a_lease_after_disposing_it_throws_and_disposing_twice_is_harmless(string kind)
    {
        using var fixture = PoolUnderTest.Create(kind, recycle: false);
        Assert.True(fixture.Pool.TryRent(100, out var lease));

        lease.Dispose();
        lease.Dispose();

        Assert.Throws<ObjectDisposedException>(() => lease.Memory);
        Assert.Throws<ObjectDisposedException>(() => lease.GetSegment(0));
        Assert.Equal(0, fixture.Pool.Statistics.OutstandingLeases);
    }

    [Theory]
    [MemberData(nameof(PoolUnderTest.Kinds), MemberType = typeof(PoolUnderTest))]
    public void Shared_bytes_go_back_only_when_every_handle_is_disposed(string kind)
    {
        using var fixture = PoolUnderTest.Create(kind);
        Assert.True(fixture.Pool.TryRent(1000, out var lease));
        lease.Span[0] = 42;
        Assert.True(lease.IsExclusive);

        var share = lease.Share();
        Assert.False(lease.IsExclusive);
        Assert.Equal(42, share.Span[0]);

        lease.Dispose();
        Assert.Equal(1, fixture.Pool.Statistics.OutstandingLeases);
        Assert.True(share.IsExclusive);
        Assert.Equal(42, share.Span[0]);

        share.Dispose();
        Assert.Equal(0, fixture.Pool.Statistics.OutstandingLeases);
        Assert.Throws<ObjectDisposedException>(() => share.Memory);
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("pinned")]
    [InlineData("mapped")]
    public void TryRent_refuses_without_blocking_when_the_budget_is_full(string kind)
    {
        using var fixture = PoolUnderTest.Create(kind, budgetBytes: 1 << 20);
        Assert.True(fixture.Pool.TryRent(1 << 20, out var all));

        Assert.False(fixture.Pool.TryRent(4096, out _));
        Assert.Equal(1, fixture.Pool.Statistics.RefusedCount);
        all.Dispose();
        Assert.True(fixture.Pool.TryRent(4096, out var small));
        small.Dispose();
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("pinned")]
    [InlineData("mapped")]
    public async Task RentAsync_waits_for_a_return_then_succeeds(string kind)
    {
        using var fixture = PoolUnderTest.Create(kind, budgetBytes: 1 << 20);
        Assert.True(fixture.Pool.TryRent(1 << 20, out var all));

        var waiting = fixture.Pool.RentAsync(4096, TestContext.Current.CancellationToken).AsTask();
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        all.Dispose();
        using var lease = await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(4096, lease.Length);
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("pinned")]
    [InlineData("mapped")]
    public async Task RentAsync_honours_cancellation_while_waiting(string kind)
    {
        using var fixture = PoolUnderTest.Create(kind, budgetBytes: 1 << 20);
        Assert.True(fixture.Pool.TryRent(1 << 20, out var all));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Pool.RentAsync(4096, cancel.Token).AsTask());

        all.Dispose();
        Assert.Equal(fixture.IdleReservation, fixture.Budget.ReservedBytes);
    }

    [Theory]
    [MemberData(nameof(PoolUnderTest.Kinds), MemberType = typeof(PoolUnderTest))]
    public void A_request_larger_than_the_budget_fails_at_once_with_both_sizes(string kind)
    {
        using var fixture = PoolUnderTest.Create(kind, budgetBytes: 4 << 20);

        var error = Assert.Throws<MemoryBudgetExceededException>(() => fixture.Pool.TryRent(5 << 20, out _));

        Assert.Contains("MiB", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PoolUnderTest.Kinds), MemberType = typeof(PoolUnderTest))]
    public void Peak_records_the_highest_outstanding_bytes(string kind)
    {
        using var fixture = PoolUnderTest.Create(kind);
        Assert.True(fixture.Pool.TryRent(4096, out var a));
        Assert.True(fixture.Pool.TryRent(4096, out var b));
        var peak = fixture.Pool.Statistics.OutstandingBytes;
        a.Dispose();
        b.Dispose();

        Assert.True(peak >= 8192);
        Assert.Equal(peak, fixture.Pool.Statistics.PeakOutstandingBytes);
    }
}
