using Conduit.Engine.Memory;

namespace Conduit.Engine.Tests.Memory;

/// <summary>One pool of each kind, with its budget, for tests that must hold for every kind.</summary>
internal sealed class PoolUnderTest : IDisposable
{
    public const int SlabBytes = 64 << 10;
    public const int SlabCount = 16;

    private readonly BufferPool? _fallback;
    private readonly string? _directory;

    private PoolUnderTest(string kind, long budgetBytes, bool recycle, long cacheQuantum)
    {
        Kind = kind;
        Budget = new MemoryBudget("test", budgetBytes);
        switch (kind)
        {
            case "managed":
                Pool = new ManagedBufferPool("managed", Budget, new ManagedBufferPoolOptions { RecycleLeaseObjects = recycle, CacheQuantumBytes = cacheQuantum });
                break;
            case "pinned":
                Pool = new PinnedBufferPool("pinned", Budget, new PinnedBufferPoolOptions { RecycleLeaseObjects = recycle, CacheQuantumBytes = cacheQuantum });
                break;
            case "slab":
                _fallback = new ManagedBufferPool("fallback", Budget, new ManagedBufferPoolOptions { RecycleLeaseObjects = recycle, CacheQuantumBytes = cacheQuantum });
                Pool = new SlabBufferPool("slab", Budget, SlabBytes, SlabCount, _fallback);
                break;
            case "mapped":
                _directory = Path.Combine(Path.GetTempPath(), "conduit-tests", Guid.NewGuid().ToString("N")[..12]);
                Pool = new MappedFileBufferPool("mapped", Budget, _directory);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown pool kind");
        }
    }

    public static TheoryData<string> Kinds => new("managed", "pinned", "slab", "mapped");

    public string Kind { get; }

    public MemoryBudget Budget { get; }

    public BufferPool Pool { get; }

    public string? Directory => _directory;

    /// <summary>Largest request every kind serves from its own memory (a slab).</summary>
    public static int TypicalLease => SlabBytes;

    /// <summary>A pool of <paramref name="kind"/>; by default with exact accounting (no per-core caching), so that
    /// budgets can be asserted to the byte.</summary>
    public static PoolUnderTest Create(string kind, long budgetBytes = 64L << 20, bool recycle = true, long cacheQuantum = 0) =>
        new(kind, budgetBytes, recycle, cacheQuantum);

    /// <summary>Budget bytes held by the pool itself (slabs) rather than by leases.</summary>
    public long IdleReservation => Kind == "slab" ? (long)SlabBytes * SlabCount : 0;

    public void Dispose()
    {
        Pool.Dispose();
        _fallback?.Dispose();
        if (_directory is not null && System.IO.Directory.Exists(_directory))
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
    }
}
