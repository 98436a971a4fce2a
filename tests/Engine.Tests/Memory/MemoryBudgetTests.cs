using Conduit.Abstractions.Memory;
using Conduit.Engine.Memory;

namespace Conduit.Engine.Tests.Memory;

public sealed class MemoryBudgetTests
{
    [Fact]
    public void Reserves_within_the_limit_and_refuses_beyond_it()
    {
        var budget = new MemoryBudget("job", 100);

        Assert.True(budget.TryReserve(60));
        Assert.False(budget.TryReserve(41));
        Assert.True(budget.TryReserve(40));
        Assert.Equal(100, budget.ReservedBytes);
    }

    [Fact]
    public void A_child_reservation_counts_in_the_parent()
    {
        var job = new MemoryBudget("job", 100);
        var stage = job.CreateChild("stage", 80);

        Assert.True(stage.TryReserve(50));

        Assert.Equal(50, job.ReservedBytes);
        Assert.False(job.TryReserve(51));
    }

    [Fact]
    public void A_child_is_refused_when_the_parent_is_full_even_under_its_own_limit()
    {
        var job = new MemoryBudget("job", 100);
        var first = job.CreateChild("first", 80);
        var second = job.CreateChild("second", 80);
        Assert.True(first.TryReserve(70));

        Assert.False(second.TryReserve(40));
        Assert.Equal(0, second.ReservedBytes);
        Assert.Equal(70, job.ReservedBytes);
    }

    [Fact]
    public void A_request_larger_than_any_limit_in_the_chain_throws_and_names_that_budget()
    {
        var job = new MemoryBudget("job", 100);
        var stage = job.CreateChild("stage 'fbp'", 50);

        var error = Assert.Throws<MemoryBudgetExceededException>(() => stage.TryReserve(60));

        Assert.Contains("stage 'fbp'", error.Message, StringComparison.Ordinal);
        Assert.Equal(60, error.RequestedBytes);
        Assert.Equal(50, error.LimitBytes);
    }

    [Fact]
    public void A_child_may_not_have_a_larger_limit_than_its_parent()
    {
        var job = new MemoryBudget("job", 100);

        Assert.Throws<MemoryBudgetExceededException>(() => job.CreateChild("greedy", 101));
    }

    [Fact]
    public async Task ReserveAsync_waits_until_bytes_are_released()
    {
        var budget = new MemoryBudget("job", 100);
        budget.TryReserve(90);

        var waiting = budget.ReserveAsync(50, TestContext.Current.CancellationToken).AsTask();
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);

        budget.Release(60);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(80, budget.ReservedBytes);
    }

    [Fact]
    public async Task A_waiting_child_wakes_when_a_sibling_releases_in_the_parent()
    {
        var job = new MemoryBudget("job", 100);
        var first = job.CreateChild("first", 100);
        var second = job.CreateChild("second", 100);
        first.TryReserve(100);

        var waiting = second.ReserveAsync(30, TestContext.Current.CancellationToken).AsTask();
        first.Release(40);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(90, job.ReservedBytes);
    }

    [Fact]
    public async Task ReserveAsync_stops_waiting_when_cancelled_and_reserves_nothing()
    {
        var budget = new MemoryBudget("job", 100);
        budget.TryReserve(100);
        using var cancel = new CancellationTokenSource();

        var waiting = budget.ReserveAsync(10, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        budget.Release(100);
        Assert.Equal(0, budget.ReservedBytes);
    }

    [Fact]
    public void Releasing_more_than_reserved_throws_and_changes_nothing()
    {
        var budget = new MemoryBudget("job", 100);
        budget.TryReserve(10);

        Assert.Throws<InvalidOperationException>(() => budget.Release(11));
        Assert.Equal(10, budget.ReservedBytes);
    }

    [Fact]
    public void Peak_is_the_highest_reservation_seen()
    {
        var budget = new MemoryBudget("job", 100);
        budget.TryReserve(70);
        budget.Release(50);
        budget.TryReserve(10);

        Assert.Equal(70, budget.PeakReservedBytes);
        Assert.Equal(30, budget.ReservedBytes);
    }

    [Fact]
    public async Task Concurrent_reserve_and_release_never_exceeds_the_limit()
    {
        var budget = new MemoryBudget("job", 1000);
        var child = budget.CreateChild("child", 600);
        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var target = worker % 2 == 0 ? (IMemoryBudget)budget : child;
            for (var i = 0; i < 2000; i++)
            {
                var bytes = 1 + ((worker * 31) + i) % 200;
                await target.ReserveAsync(bytes, TestContext.Current.CancellationToken);
                Assert.True(budget.ReservedBytes <= 1000);
                target.Release(bytes);
            }
        })).ToArray();

        await Task.WhenAll(workers);

        Assert.Equal(0, budget.ReservedBytes);
        Assert.Equal(0, child.ReservedBytes);
        Assert.True(budget.PeakReservedBytes <= 1000);
    }
}
