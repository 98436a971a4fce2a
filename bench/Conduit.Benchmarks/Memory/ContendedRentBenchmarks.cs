using System.Buffers;
using BenchmarkDotNet.Attributes;
using Conduit.Engine.Memory;

namespace Conduit.Benchmarks.Memory;

/// <summary>Rent/return from every core at once (1,000 per thread per operation), where locks would show.</summary>
[MemoryDiagnoser]
public class ContendedRentBenchmarks
{
    private const int PerThread = 1000;
    private ManagedBufferPool _managed = null!;
    private SlabBufferPool _slab = null!;
    private ManagedBufferPool _fallback = null!;

    [GlobalSetup]
    public void Setup()
    {
        var budget = new MemoryBudget("bench", 1L << 30);
        _managed = new ManagedBufferPool("managed", budget);
        _fallback = new ManagedBufferPool("fallback", budget);
        _slab = new SlabBufferPool("slab", budget, 64 << 10, 64, _fallback);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _slab.Dispose();
        _fallback.Dispose();
        _managed.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void ArrayPoolShared() => Parallel.For(0, Environment.ProcessorCount, _ =>
    {
        for (var i = 0; i < PerThread; i++)
        {
            var array = ArrayPool<byte>.Shared.Rent(64 << 10);
            array[0] = 1;
            ArrayPool<byte>.Shared.Return(array);
        }
    });

    [Benchmark]
    public void Managed() => Run(_managed);

    [Benchmark]
    public void Slab() => Run(_slab);

    private static void Run(BufferPool pool) => Parallel.For(0, Environment.ProcessorCount, _ =>
    {
        for (var i = 0; i < PerThread; i++)
        {
            if (pool.TryRent(64 << 10, out var lease))
            {
                lease.Span[0] = 1;
                lease.Dispose();
            }
        }
    });
}
