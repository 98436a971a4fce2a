using System.Buffers;
using BenchmarkDotNet.Attributes;
using Conduit.Engine.Memory;

namespace Conduit.Benchmarks.Memory;

/// <summary>
/// Rent/return from 2 and 16 threads at once (16 on a 2-core machine is oversubscribed: the nearest this machine gets
/// to a many-core one's contention). Every round does <see cref="Operations"/> rents and returns split evenly over the
/// threads, each touching the first byte; the figure is per rent and return. The threads are started once
/// (<see cref="WorkerCrew"/>).
/// </summary>
[MemoryDiagnoser]
public class ContendedRentBenchmarks
{
    private const int Operations = 32_000;
    private WorkerCrew _crew = null!;
    private ManagedBufferPool _managed = null!;
    private PinnedBufferPool _pinned = null!;
    private SlabBufferPool _slab = null!;
    private ManagedBufferPool _fallback = null!;

    /// <summary>Threads renting at once.</summary>
    [Params(2, 16)]
    public int Threads { get; set; }

    /// <summary>Bytes per buffer.</summary>
    [Params(4096, 65536, 1 << 20)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var budget = new MemoryBudget("bench", 4L << 30);
        _managed = new ManagedBufferPool("managed", budget);
        _pinned = new PinnedBufferPool("pinned", budget);
        _fallback = new ManagedBufferPool("fallback", budget);
        _slab = new SlabBufferPool("slab", budget, Size, Threads * 2, _fallback);
        _crew = new WorkerCrew(Threads);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _crew.Dispose();
        _slab.Dispose();
        _fallback.Dispose();
        _pinned.Dispose();
        _managed.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public void ArrayPoolShared()
    {
        var size = Size;
        var perThread = Operations / Threads;
        _crew.Run(() =>
        {
            for (var i = 0; i < perThread; i++)
            {
                var array = ArrayPool<byte>.Shared.Rent(size);
                array[0] = 1;
                ArrayPool<byte>.Shared.Return(array);
            }
        });
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public void NewByteArray()
    {
        var size = Size;
        var perThread = Operations / Threads;
        _crew.Run(() =>
        {
            for (var i = 0; i < perThread; i++)
            {
                var array = new byte[size];
                array[0] = 1;
            }
        });
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public void MemoryPoolShared()
    {
        var size = Size;
        var perThread = Operations / Threads;
        _crew.Run(() =>
        {
            for (var i = 0; i < perThread; i++)
            {
                using var owner = MemoryPool<byte>.Shared.Rent(size);
                owner.Memory.Span[0] = 1;
            }
        });
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public void Managed() => Run(_managed);

    [Benchmark(OperationsPerInvoke = Operations)]
    public void Pinned() => Run(_pinned);

    [Benchmark(OperationsPerInvoke = Operations)]
    public void Slab() => Run(_slab);

    private void Run(BufferPool pool)
    {
        var size = Size;
        var perThread = Operations / Threads;
        _crew.Run(() =>
        {
            for (var i = 0; i < perThread; i++)
            {
                if (!pool.TryRent(size, out var lease))
                {
                    throw new InvalidOperationException($"{pool.Name} refused");
                }

                lease.Span[0] = 1;
                lease.Dispose();
            }
        });
    }
}
