using System.Buffers;
using BenchmarkDotNet.Attributes;
using Conduit.Engine.Memory;

namespace Conduit.Benchmarks.Memory;

/// <summary>
/// One rent and one return of a buffer, for each pool kind, against <see cref="ArrayPool{T}.Shared"/>,
/// <see cref="MemoryPool{T}.Shared"/> and a plain <c>new byte[]</c>, on one thread. Each iteration touches the first byte so that nothing is optimised away.
/// </summary>
[MemoryDiagnoser]
public class RentReturnBenchmarks
{
    private ManagedBufferPool _managed = null!;
    private PinnedBufferPool _pinned = null!;
    private SlabBufferPool _slab = null!;
    private ManagedBufferPool _slabFallback = null!;
    private MappedFileBufferPool _mapped = null!;

    /// <summary>Bytes per buffer.</summary>
    [Params(4096, 65536, 1 << 20)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var budget = new MemoryBudget("bench", 1L << 30);
        _managed = new ManagedBufferPool("managed", budget);
        _pinned = new PinnedBufferPool("pinned", budget);
        _slabFallback = new ManagedBufferPool("fallback", budget);
        _slab = new SlabBufferPool("slab", budget, 1 << 20, 16, _slabFallback);
        _mapped = new MappedFileBufferPool("mapped", new MemoryBudget("disk", 1L << 30));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _slab.Dispose();
        _slabFallback.Dispose();
        _managed.Dispose();
        _pinned.Dispose();
        _mapped.Dispose();
    }

    [Benchmark(Baseline = true)]
    public byte NewByteArray()
    {
        var array = new byte[Size];
        array[0] = 1;
        return array[0];
    }

    [Benchmark]
    public byte ArrayPoolShared()
    {
        var array = ArrayPool<byte>.Shared.Rent(Size);
        array[0] = 1;
        var value = array[0];
        ArrayPool<byte>.Shared.Return(array);
        return value;
    }

    /// <summary>The runtime's pool with the same shape as ours: an owner object disposed to return the memory.</summary>
    [Benchmark]
    public byte MemoryPoolShared()
    {
        using var owner = MemoryPool<byte>.Shared.Rent(Size);
        var span = owner.Memory.Span;
        span[0] = 1;
        return span[0];
    }

    [Benchmark]
    public byte Managed() => RentAndReturn(_managed);

    [Benchmark]
    public byte Pinned() => RentAndReturn(_pinned);

    [Benchmark]
    public byte Slab() => RentAndReturn(_slab);

    [Benchmark]
    public byte MappedFile() => RentAndReturn(_mapped);

    private byte RentAndReturn(BufferPool pool)
    {
        if (!pool.TryRent(Size, out var lease))
        {
            throw new InvalidOperationException("refused");
        }

        using (lease)
        {
            var span = lease.Span;
            span[0] = 1;
            return span[0];
        }
    }
}
