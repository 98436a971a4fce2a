using Conduit.Abstractions.Memory;
using Conduit.Engine.Memory;
using NSubstitute;

namespace Conduit.Engine.Tests.Memory;

/// <summary>
/// Per-core and per-thread caching (docs/adr/0014): what a pool keeps is reserved in the budget, bounded by four quanta per core,
/// and given back whenever a reservation would otherwise wait or be refused, or the pool is disposed.
/// </summary>
public sealed class PoolCachingTests
{
    private const long Quantum = 256 << 10;

    [Theory]
    [InlineData("managed")]
    [InlineData("pinned")]
    public void Returned_leases_stay_reserved_as_cache_instead_of_going_back_to_the_budget(string kind)
    {
        using var fixture = PoolUnderTest.Create(kind, cacheQuantum: Quantum);
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(fixture.Pool.TryRent(4096, out var lease));
            lease.Dispose();
        }

        var statistics = fixture.Pool.Statistics;
        Assert.Equal(1000, statistics.RentCount);
        Assert.Equal(0, statistics.OutstandingBytes);
        Assert.InRange(statistics.CachedBytes, Quantum, fixture.Pool.MaxCachedBytes);
        Assert.Equal(statistics.CachedBytes, fixture.Budget.ReservedBytes);
        Assert.True(statistics.PeakOutstandingBytes >= 4096, $"peak {statistics.PeakOutstandingBytes}");
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("pinned")]
    public void What_a_pool_caches_is_bounded_by_four_quanta_per_core(string kind)
    {
        using var fixture = PoolUnderTest.Create(kind, cacheQuantum: Quantum);
        var random = new Random(7);
        Func<long, long> charge = kind == "managed" ? b => PoolCharges.Managed(b, 64 << 20) : b => PoolCharges.Pinned(b, 4096, 64 << 20);
        var held = new List<IBufferLease>();
        for (var i = 0; i < 3000; i++)
        {
            Assert.True(fixture.Pool.TryRent(random.Next(1, 1 << 20), out var lease));
            held.Add(lease);
            if (held.Count > 5 || random.Next(3) == 0)
            {
                var index = random.Next(held.Count);
                held[index].Dispose();
                held.RemoveAt(index);
            }

            var statistics = fixture.Pool.Statistics;
            Assert.InRange(statistics.CachedBytes, 0, fixture.Pool.MaxCachedBytes);
            Assert.Equal(fixture.Budget.ReservedBytes, held.Sum(l => charge(l.Length)) + statistics.CachedBytes);
        }

        held.ForEach(l => l.Dispose());
        Assert.Equal(PoolCharges.CacheSlack(Quantum), fixture.Pool.MaxCachedBytes);
        Assert.Equal(fixture.Pool.Statistics.CachedBytes, fixture.Budget.ReservedBytes);
    }

    [Fact]
    public void An_array_larger_than_its_charge_is_never_parked_to_serve_a_request_of_its_own_size()
    {
        var budget = new MemoryBudget("job", 64 << 20);
        using var pool = new ManagedBufferPool("managed", budget, new ManagedBufferPoolOptions { CacheQuantumBytes = Quantum, MaxArraysPerSizeClass = 1 });

        // The 32 KiB size class holds one array; with it out, the next 32 KiB request gets a 64 KiB array, charged 32 KiB.
        Assert.True(pool.TryRent(32 << 10, out var first));
        Assert.True(pool.TryRent(32 << 10, out var second));
        second.Dispose();
        Assert.True(pool.TryRent(64 << 10, out var large));

        Assert.Equal((32 << 10) + (64 << 10) + pool.Statistics.CachedBytes, budget.ReservedBytes);
        large.Dispose();
        first.Dispose();
        Assert.Equal(pool.Statistics.CachedBytes, budget.ReservedBytes);
    }

    [Fact]
    public void A_reservation_that_does_not_fit_takes_back_what_pools_cache_before_it_is_refused()
    {
        var budget = new MemoryBudget("job", 8 << 20);
        using var pool = new ManagedBufferPool("cached", budget, new ManagedBufferPoolOptions { CacheQuantumBytes = 1 << 20 });
        Assert.True(pool.TryRent(1 << 20, out var first));
        Assert.True(pool.TryRent(4096, out var second));
        first.Dispose();
        second.Dispose();
        Assert.True(pool.Statistics.CachedBytes > 0);

        Assert.True(budget.TryReserve(8 << 20));

        Assert.Equal(0, pool.Statistics.CachedBytes);
        budget.Release(8 << 20);
    }

    [Fact]
    public async Task A_waiting_reservation_empties_the_caches_and_returns_then_go_straight_to_the_budget()
    {
        var budget = new MemoryBudget("job", 4 << 20);
        using var cached = new ManagedBufferPool("cached", budget, new ManagedBufferPoolOptions { CacheQuantumBytes = Quantum });
        using var other = new ManagedBufferPool("other", budget, new ManagedBufferPoolOptions { CacheQuantumBytes = 0 });
        Assert.True(cached.TryRent(4096, out var small));
        small.Dispose();
        Assert.True(cached.TryRent(2 << 20, out var large));

        var waiting = other.RentAsync(4 << 20, TestContext.Current.CancellationToken).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.Equal(0, cached.Statistics.CachedBytes);

        large.Dispose();
        using var granted = await waiting.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(4 << 20, granted.Length);
        Assert.Equal(0, cached.Statistics.CachedBytes);
        Assert.Equal(4 << 20, budget.ReservedBytes);
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("pinned")]
    [InlineData("slab")]
    public void A_thread_that_moves_to_another_size_gets_its_slot_for_the_new_size(string kind)
    {
        using var fixture = PoolUnderTest.Create(kind, cacheQuantum: Quantum);
        Assert.True(fixture.Pool.TryRent(4096, out var small));
        small.Dispose();
        var slot = fixture.Pool.CurrentThreadSlot;
        var parkedSmall = slot?.Lease;
        Assert.NotNull(parkedSmall);

        Assert.True(fixture.Pool.TryRent(32 << 10, out var larger));
        var largerLease = (PooledLease)larger;
        var reserved = fixture.Budget.ReservedBytes;
        larger.Dispose();

        // The newer size holds the slot, so its next rent is served from there; the lease it displaced stays cached
        // (parked on this core's stripe), its charge still reserved.
        Assert.Same(largerLease, slot!.Lease);
        Assert.Equal(reserved, fixture.Budget.ReservedBytes);
        Assert.True(fixture.Pool.TryRent(32 << 10, out var again));
        Assert.Same(largerLease, again);
        again.Dispose();

        var statistics = fixture.Pool.Statistics;
        Assert.Equal(0, statistics.OutstandingLeases);
        Assert.Equal(fixture.IdleReservation + statistics.CachedBytes, fixture.Budget.ReservedBytes);
        ((IBudgetCache)fixture.Pool).Flush();
        Assert.Equal(fixture.IdleReservation, fixture.Budget.ReservedBytes);
    }

    [Fact]
    public async Task A_flush_waits_for_a_thread_inside_its_slot_window_and_then_takes_its_parked_lease()
    {
        var budget = new MemoryBudget("job", 8 << 20);
        using var pool = new ManagedBufferPool("cached", budget, new ManagedBufferPoolOptions { CacheQuantumBytes = Quantum });
        Assert.True(pool.TryRent(4096, out var lease));
        lease.Dispose();
        var slot = pool.CurrentThreadSlot;
        Assert.NotNull(slot?.Lease);

        // As if this thread were between marking itself busy and leaving its slot.
        Volatile.Write(ref slot.Busy, 1);
        var flush = Task.Run(() => ((IBudgetCache)pool).Flush(), TestContext.Current.CancellationToken);
        Assert.False(SpinWait.SpinUntil(() => flush.IsCompleted, TimeSpan.FromMilliseconds(300)), "the flush took the lease while its thread was inside its window");
        Volatile.Write(ref slot.Busy, 0);

        Assert.True(await flush >= 4096);
        Assert.Null(slot.Lease);
        Assert.Equal(0, budget.ReservedBytes);
    }

    [Fact]
    public async Task While_a_flush_is_under_way_a_thread_takes_nothing_from_its_slot()
    {
        var budget = new MemoryBudget("job", 8 << 20);
        using var pool = new ManagedBufferPool("cached", budget, new ManagedBufferPoolOptions { CacheQuantumBytes = Quantum });

        // Another thread's slot comes first and is held busy, so the flush stays under way before it reaches ours. That
        // thread stays alive (a dead thread's slot is handed to the next thread that asks) and is never this one.
        using var ready = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        (bool Rented, ThreadSlot? Slot) other = default;
        var thread = new Thread(() =>
        {
            var rented = pool.TryRent(4096, out var first);
            first?.Dispose();
            other = (rented, pool.CurrentThreadSlot);
            ready.Set();
            release.Wait();
        }) { IsBackground = true };
        thread.Start();
        try
        {
            Assert.True(ready.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
            Assert.True(other.Rented);
            await WhileAnotherSlotIsBusyAsync(pool, other.Slot!);
        }
        finally
        {
            release.Set();
            thread.Join();
        }
    }

    private static async Task WhileAnotherSlotIsBusyAsync(ManagedBufferPool pool, ThreadSlot other)
    {
        Assert.True(pool.TryRent(4096, out var mine));
        mine.Dispose();
        var slot = pool.CurrentThreadSlot;
        var parked = slot?.Lease;
        Assert.NotNull(parked);
        Volatile.Write(ref other.Busy, 1);
        var flush = Task.Run(() => ((IBudgetCache)pool).Flush(), TestContext.Current.CancellationToken);
        Assert.True(SpinWait.SpinUntil(() => pool.FlushesUnderWay > 0, TimeSpan.FromSeconds(30)));

        Assert.True(pool.TryRent(4096, out var during));
        Assert.NotSame(parked, during);
        Assert.Same(parked, slot!.Lease);
        during.Dispose();
        Volatile.Write(ref other.Busy, 0);
        await flush;

        Assert.Null(slot.Lease);
        Assert.Null(other.Lease);
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("pinned")]
    public void Disposing_the_pool_gives_every_cached_byte_back(string kind)
    {
        var fixture = PoolUnderTest.Create(kind, cacheQuantum: Quantum);
        for (var size = 1; size < 1 << 20; size *= 3)
        {
            Assert.True(fixture.Pool.TryRent(size, out var lease));
            lease.Dispose();
        }

        Assert.True(fixture.Budget.ReservedBytes > 0);
        fixture.Dispose();

        Assert.Equal(0, fixture.Budget.ReservedBytes);
    }

    [Fact]
    public void A_pool_on_a_budget_that_cannot_ask_for_its_cache_back_caches_nothing()
    {
        var budget = Substitute.For<IMemoryBudget>();
        budget.Name.Returns("external");
        budget.LimitBytes.Returns(1L << 30);
        budget.TryReserve(Arg.Any<long>()).Returns(true);
        using var pool = new ManagedBufferPool("managed", budget);

        Assert.True(pool.TryRent(4096, out var lease));
        lease.Dispose();

        Assert.Equal(0, pool.CacheQuantum);
        budget.Received(1).TryReserve(4096);
        budget.Received(1).Release(4096);
    }

    [Fact]
    public void The_automatic_quantum_keeps_all_caches_under_a_sixteenth_of_the_budget()
    {
        foreach (var limit in new[] { 1L << 20, 64L << 20, 1L << 30, 64L << 30 })
        {
            var quantum = PoolCharges.CacheQuantum(limit);
            Assert.True(quantum == 0 || (quantum >= PoolCharges.MinCacheQuantum && quantum <= PoolCharges.MaxCacheQuantum), $"{limit}: {quantum}");
            Assert.True(PoolCharges.CacheSlack(quantum) <= limit / 16, $"{limit}: slack {PoolCharges.CacheSlack(quantum)}");
        }

        Assert.Equal(0, PoolCharges.CacheQuantum(1 << 20));
    }

    [Fact]
    public async Task Slabs_returned_on_one_thread_are_rented_on_another()
    {
        var budget = new MemoryBudget("job", 64 << 20);
        using var fallback = new ManagedBufferPool("fallback", budget);
        using var slabs = new SlabBufferPool("slabs", budget, 64 << 10, 4, fallback);
        var leases = new IBufferLease[4];
        for (var i = 0; i < 4; i++)
        {
            Assert.True(slabs.TryRent(1000, out var lease));
            leases[i] = lease;
        }

        await Task.WhenAll(leases.Select(l => Task.Run(l.Dispose, TestContext.Current.CancellationToken)));
        var again = await Task.Run(
            () => Enumerable.Range(0, 4).Select(_ => slabs.TryRent(1000, out var lease) ? lease : throw new InvalidOperationException("refused")).ToList(),
            TestContext.Current.CancellationToken);

        Assert.Equal(0, slabs.Statistics.FallbackCount);
        Assert.All(again, l => Assert.Equal(MemoryKind.Slab, l.Kind));
        Assert.Equal(4L * (64 << 10), slabs.Statistics.PeakOutstandingBytes);
        again.ForEach(l => l.Dispose());
        Assert.Equal(4, slabs.FreeSlabs);
    }
}
