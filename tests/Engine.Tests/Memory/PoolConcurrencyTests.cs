using System.Buffers.Binary;
using Conduit.Abstractions.Memory;
using Conduit.Engine.Memory;

namespace Conduit.Engine.Tests.Memory;

/// <summary>
/// Many threads renting and returning at once: every renter stamps its whole buffer with its own id, yields, and
/// checks the stamp is intact before returning it, so a buffer handed to two renters at once is caught. The pools
/// cache per core (64 KiB quanta), so leases parked on one core and rented on another are part of what is checked.
/// </summary>
public sealed class PoolConcurrencyTests
{
    private const int Threads = 8;
    private const int Iterations = 1500;

    [Theory]
    [MemberData(nameof(PoolUnderTest.Kinds), MemberType = typeof(PoolUnderTest))]
    public async Task No_buffer_is_lost_or_handed_out_twice(string kind)
    {
        using var fixture = PoolUnderTest.Create(kind, budgetBytes: 4 << 20, cacheQuantum: 64 << 10);
        var iterations = kind == "mapped" ? Iterations / 10 : Iterations;
        var workers = Enumerable.Range(0, Threads).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (var i = 0; i < iterations; i++)
            {
                var size = random.Next(8, PoolUnderTest.TypicalLease + 1) & ~7;
                using var lease = i % 2 == 0
                    ? await fixture.Pool.RentAsync(size, TestContext.Current.CancellationToken)
                    : await RentWithRetryAsync(fixture.Pool, size);
                var stamp = ((long)worker << 32) | (uint)i;
                Stamp(lease.Span, stamp);
                if (i % 4 == 0)
                {
                    await Task.Yield();
                }

                Assert.True(HasStamp(lease.Span, stamp), $"{kind}: buffer of worker {worker} changed while it held it (iteration {i})");
            }
        })).ToArray();

        await Task.WhenAll(workers);

        Assert.Equal(0, fixture.Pool.Statistics.OutstandingLeases);
        Assert.Equal(0, fixture.Pool.Statistics.OutstandingBytes);
        var cached = fixture.Pool.Statistics.CachedBytes;
        Assert.InRange(cached, 0, fixture.Pool.MaxCachedBytes);
        Assert.Equal(fixture.IdleReservation + cached, fixture.Budget.ReservedBytes);
        Assert.True(fixture.Budget.PeakReservedBytes <= fixture.Budget.LimitBytes);
        ((IBudgetCache)fixture.Pool).Flush();
        Assert.Equal(fixture.IdleReservation, fixture.Budget.ReservedBytes);
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("pinned")]
    [InlineData("slab")]
    public async Task Flushes_racing_the_thread_slots_never_hand_a_lease_out_twice(string kind)
    {
        // Renting one size over and over takes the thread-slot path with plain writes only; a flush takes parked
        // leases from those slots from another thread at the same time.
        using var fixture = PoolUnderTest.Create(kind, budgetBytes: 4 << 20, cacheQuantum: 64 << 10);
        using var stop = new CancellationTokenSource();
        var flushes = 0;
        var flusher = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                ((IBudgetCache)fixture.Pool).Flush();
                flushes++;
            }
        });
        var workers = Enumerable.Range(0, Threads).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < Iterations * 4; i++)
            {
                Assert.True(fixture.Pool.TryRent(4096, out var lease), $"{kind}: refused a rent");
                var stamp = ((long)worker << 32) | (uint)i;
                Stamp(lease.Span, stamp);
                if (i % 64 == 0)
                {
                    Thread.Yield();
                }

                Assert.True(HasStamp(lease.Span, stamp), $"{kind}: buffer of worker {worker} changed while it held it (iteration {i})");
                lease.Dispose();
            }
        })).ToArray();

        await Task.WhenAll(workers);
        await stop.CancelAsync();
        await flusher;

        Assert.True(flushes > 0);
        Assert.Equal(0, fixture.Pool.Statistics.OutstandingLeases);
        Assert.Equal(fixture.IdleReservation + fixture.Pool.Statistics.CachedBytes, fixture.Budget.ReservedBytes);
        ((IBudgetCache)fixture.Pool).Flush();
        Assert.Equal(fixture.IdleReservation, fixture.Budget.ReservedBytes);
    }

    private static async Task<IBufferLease> RentWithRetryAsync(IBufferPool pool, int size)
    {
        while (true)
        {
            if (pool.TryRent(size, out var lease))
            {
                return lease;
            }

            await Task.Yield();
        }
    }

    private static void Stamp(Span<byte> bytes, long stamp)
    {
        for (var offset = 0; offset + 8 <= bytes.Length; offset += 8)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes[offset..], stamp);
        }
    }

    private static bool HasStamp(Span<byte> bytes, long stamp)
    {
        for (var offset = 0; offset + 8 <= bytes.Length; offset += 8)
        {
            if (BinaryPrimitives.ReadInt64LittleEndian(bytes[offset..]) != stamp)
            {
                return false;
            }
        }

        return true;
    }
}
