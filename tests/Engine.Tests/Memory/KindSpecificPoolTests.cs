using Conduit.Abstractions.Memory;
using Conduit.Engine.Memory;

namespace Conduit.Engine.Tests.Memory;

public sealed unsafe class KindSpecificPoolTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(4096)]
    [InlineData(1 << 16)]
    public void Pinned_leases_are_aligned_and_their_pointer_is_the_memory(int alignment)
    {
        using var pool = new PinnedBufferPool("pinned", new MemoryBudget("test", 64 << 20), new PinnedBufferPoolOptions { Alignment = alignment });

        for (var size = 1; size < 1 << 20; size = (size * 3) + 1)
        {
            Assert.True(pool.TryRent(size, out var rented));
            using var lease = rented;
            Assert.True(lease.TryGetPointer(out var pointer));
            Assert.Equal(0, pointer % alignment);
            lease.Span[0] = 0x5A;
            Assert.Equal(0x5A, *(byte*)pointer);
            using var pin = lease.Memory.Pin();
            Assert.Equal(pointer, (nint)pin.Pointer);
        }
    }

    [Fact]
    public void Pinned_pool_refuses_an_alignment_below_64_or_not_a_power_of_two()
    {
        var budget = new MemoryBudget("test", 1 << 20);

        Assert.Throws<ArgumentOutOfRangeException>(() => new PinnedBufferPool("p", budget, new PinnedBufferPoolOptions { Alignment = 32 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PinnedBufferPool("p", budget, new PinnedBufferPoolOptions { Alignment = 96 }));
    }

    [Fact]
    public void Managed_leases_are_charged_at_their_rounded_array_size()
    {
        var budget = new MemoryBudget("test", 64 << 20);
        using var pool = new ManagedBufferPool("managed", budget, new ManagedBufferPoolOptions { CacheQuantumBytes = 0 });

        Assert.True(pool.TryRent(5000, out var lease));

        Assert.Equal(8192, budget.ReservedBytes);
        Assert.Equal(5000, lease.Memory.Length);
        Assert.False(lease.TryGetPointer(out _));
        lease.Dispose();
        Assert.Equal(0, budget.ReservedBytes);
    }

    [Fact]
    public void A_slab_pool_reserves_all_its_slabs_up_front_and_gives_them_back_when_disposed()
    {
        var budget = new MemoryBudget("test", 8 << 20);
        using var fallback = new ManagedBufferPool("fallback", budget);

        using (var slabs = new SlabBufferPool("slabs", budget, 1 << 20, 4, fallback))
        {
            Assert.Equal(4 << 20, budget.ReservedBytes);
            Assert.Equal(4, slabs.FreeSlabs);
        }

        Assert.Equal(0, budget.ReservedBytes);
    }

    [Fact]
    public void A_slab_pool_whose_slabs_do_not_fit_the_budget_fails_with_a_clear_message()
    {
        var budget = new MemoryBudget("job", 2 << 20);
        using var fallback = new ManagedBufferPool("fallback", budget);

        var error = Assert.Throws<MemoryBudgetExceededException>(() => new SlabBufferPool("slices", budget, 1 << 20, 4, fallback));

        Assert.Contains("slices", error.Message, StringComparison.Ordinal);
        Assert.Contains("4 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_slab_pool_falls_back_for_requests_too_large_or_when_empty_and_counts_each()
    {
        var budget = new MemoryBudget("test", 16 << 20);
        using var fallback = new ManagedBufferPool("fallback", budget);
        using var slabs = new SlabBufferPool("slabs", budget, 4096, 2, fallback);

        Assert.True(slabs.TryRent(4096, out var first));
        Assert.True(slabs.TryRent(100, out var second));
        Assert.True(slabs.TryRent(100, out var third));
        Assert.True(slabs.TryRent(8192, out var large));

        Assert.Equal(MemoryKind.Slab, first.Kind);
        Assert.Equal(MemoryKind.Slab, second.Kind);
        Assert.Equal("fallback", third.PoolName);
        Assert.Equal("fallback", large.PoolName);
        Assert.Equal(2, slabs.Statistics.FallbackCount);
        Assert.True(first.TryGetPointer(out var pointer));
        Assert.Equal(0, pointer % 64);

        foreach (var lease in new[] { first, second, third, large })
        {
            lease.Dispose();
        }

        Assert.Equal(2, slabs.FreeSlabs);
        Assert.Equal(0, fallback.Statistics.OutstandingLeases);
    }

    [Fact]
    public void A_mapped_lease_leaves_no_file_behind()
    {
        var directory = Path.Combine(Path.GetTempPath(), "conduit-tests", Guid.NewGuid().ToString("N"));
        using (var pool = new MappedFileBufferPool("mapped", new MemoryBudget("disk", 1L << 30), directory))
        {
            Assert.True(pool.TryRent(1 << 20, out var lease));
            lease.Span[^1] = 7;
            Assert.Equal(LeaseOwnership.Mapped, lease.Ownership);
            Assert.True(lease.TryGetPointer(out _));
            lease.Dispose();
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
        Directory.Delete(directory);
    }

    [Fact]
    public void A_lease_over_one_gibibyte_is_segmented_and_every_segment_is_usable()
    {
        var directory = Path.Combine(Path.GetTempPath(), "conduit-tests", Guid.NewGuid().ToString("N"));
        try
        {
            using var pool = new MappedFileBufferPool("mapped", new MemoryBudget("disk", 8L << 30), directory);
            const long length = (2L << 30) + 12345;
            Assert.True(pool.TryRent(length, out var rented));
            using var lease = rented;

            Assert.False(lease.IsContiguous);
            Assert.Equal(3, lease.SegmentCount);
            Assert.Equal(1 << 30, lease.GetSegment(0).Length);
            Assert.Equal(12345, lease.GetSegment(2).Length);
            Assert.Throws<NotSupportedException>(() => lease.Memory);
            for (var i = 0; i < lease.SegmentCount; i++)
            {
                lease.GetSegment(i).Span[^1] = (byte)(i + 1);
            }

            Assert.True(lease.TryGetPointer(out var pointer));
            Assert.Equal(2, *(byte*)(pointer + (2L << 30) - 1));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void An_existing_file_maps_zero_copy_and_a_range_past_its_end_is_refused()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [.. Enumerable.Range(0, 256).Select(i => (byte)i)]);

            using (var lease = MappedFileLease.Open(path, 16, 32))
            {
                Assert.Equal(32, lease.Length);
                Assert.Equal(16, lease.Span[0]);
                Assert.Equal(47, lease.Span[31]);
                Assert.Equal(LeaseOwnership.Mapped, lease.Ownership);
            }

            var error = Assert.Throws<ArgumentOutOfRangeException>(() => MappedFileLease.Open(path, 200, 100));
            Assert.Contains("past the end", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_slab_shared_past_the_pool_disposal_stays_readable_until_its_last_handle_goes()
    {
        var budget = new MemoryBudget("test", 1 << 20);
        using var fallback = new ManagedBufferPool("fallback", budget);
        var slabs = new SlabBufferPool("slabs", budget, 4096, 2, fallback);
        Assert.True(slabs.TryRent(100, out var lease));
        lease.Span[99] = 7;
        var share = lease.Share();
        lease.Dispose();

        slabs.Dispose();

        Assert.Equal(7, share.Span[99]);
        share.Dispose();
        Assert.Equal(0, budget.ReservedBytes);
    }
}
