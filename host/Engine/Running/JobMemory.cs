using Conduit.Abstractions.Memory;
using Conduit.Engine.Jobs;
using Conduit.Engine.Memory;
using Conduit.Engine.Telemetry;

namespace Conduit.Engine.Running;

/// <summary>
/// The memory of one job run: the job budget, the <c>default</c> managed pool, the pools declared in the job, and a
/// private managed pool (under a child budget) for each stage that declares its own budget.
/// </summary>
internal sealed class JobMemory : IDisposable
{
    /// <summary>Limit of a mapped pool that declares none (it limits disk, not RAM).</summary>
    public static readonly ByteSize DefaultMappedLimit = ByteSize.FromGibibytes(1024);

    private readonly Dictionary<string, BufferPool> _pools = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (IMemoryBudget Budget, BufferPool Pool)> _stagePools = new(StringComparer.Ordinal);
    private readonly bool _recycleLeases;
    private readonly long? _cacheQuantum;
    private readonly List<IDisposable> _tracking = [];

    /// <summary>Creates the budget and every pool of <paramref name="plan"/>.</summary>
    /// <param name="plan">The job.</param>
    /// <param name="recycleLeaseObjects">False in tests, so that use after dispose is always caught.</param>
    /// <param name="metrics">Publishes the pools' counters while the job runs; none when null.</param>
    /// <param name="cachePerCore">False for exact accounting: managed and pinned pools cache no budget per core.</param>
    public JobMemory(JobPlan plan, bool recycleLeaseObjects = true, ConduitMemoryMetrics? metrics = null, bool cachePerCore = true)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _recycleLeases = recycleLeaseObjects;
        _cacheQuantum = cachePerCore ? null : 0;
        var memory = plan.Definition.Memory;
        Budget = new MemoryBudget("job", memory.Budget.Bytes);
        try
        {
            _pools[JobValidator.DefaultPoolName] = new ManagedBufferPool(JobValidator.DefaultPoolName, Budget, new ManagedBufferPoolOptions { RecycleLeaseObjects = recycleLeaseObjects, CacheQuantumBytes = _cacheQuantum });
            foreach (var pool in memory.Pools.Values.OrderBy(p => p.Kind == PoolKindName.Slab))
            {
                _pools[pool.Name] = CreatePool(pool, plan.Document.BaseDirectory);
            }

            foreach (var stage in plan.Stages.Where(s => s.Definition.Budget is not null))
            {
                var budget = Budget.CreateChild($"stage '{stage.Id}'", stage.Definition.Budget!.Value.Bytes);
                _stagePools[stage.Id] = (budget, new ManagedBufferPool($"stage:{stage.Id}", budget, new ManagedBufferPoolOptions { RecycleLeaseObjects = recycleLeaseObjects, CacheQuantumBytes = _cacheQuantum }));
            }

            if (metrics is not null)
            {
                _tracking.AddRange(Pools.Select(metrics.Track));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The job's budget.</summary>
    public MemoryBudget Budget { get; }

    /// <summary>Every pool, the per-stage ones included.</summary>
    public IEnumerable<BufferPool> Pools => _pools.Values.Concat(_stagePools.Values.Select(p => p.Pool));

    /// <summary>Leases not yet returned, over all pools.</summary>
    public long OutstandingLeases => Pools.Sum(p => p.Statistics.OutstandingLeases);

    /// <summary>A job-level pool by name.</summary>
    /// <exception cref="KeyNotFoundException">No such pool; the message lists the declared ones.</exception>
    public BufferPool GetPool(string name) =>
        _pools.TryGetValue(name, out var pool)
            ? pool
            : throw new KeyNotFoundException($"no pool named \"{name}\" (pools of this job: {string.Join(", ", _pools.Keys)})");

    /// <summary>The default pool and budget of stage <paramref name="stageId"/>.</summary>
    public (IMemoryBudget Budget, BufferPool Pool) ForStage(string stageId) =>
        _stagePools.TryGetValue(stageId, out var own) ? own : (Budget, _pools[JobValidator.DefaultPoolName]);

    /// <inheritdoc />
    public void Dispose()
    {
        _tracking.ForEach(t => t.Dispose());
        // Slab pools first: they hold budget and may fall back to the others.
        foreach (var pool in Pools.OrderByDescending(p => p is SlabBufferPool))
        {
            pool.Dispose();
        }
    }

    private BufferPool CreatePool(PoolDefinition pool, string baseDirectory)
    {
        IMemoryBudget Limited(ByteSize? limit) =>
            limit is { } l ? Budget.CreateChild($"pool '{pool.Name}'", l.Bytes) : Budget;

        return pool.Kind switch
        {
            PoolKindName.Managed => new ManagedBufferPool(pool.Name, Limited(pool.Limit), new ManagedBufferPoolOptions { RecycleLeaseObjects = _recycleLeases, CacheQuantumBytes = _cacheQuantum }),
            PoolKindName.Pinned => new PinnedBufferPool(pool.Name, Limited(pool.Limit), new PinnedBufferPoolOptions { Alignment = pool.Alignment ?? 4096, RecycleLeaseObjects = _recycleLeases, CacheQuantumBytes = _cacheQuantum }),
            PoolKindName.Slab => new SlabBufferPool(pool.Name, Budget, (int)pool.Size!.Value.Bytes, pool.Count!.Value, _pools[pool.Fallback ?? JobValidator.DefaultPoolName]),
            PoolKindName.Mapped => new MappedFileBufferPool(
                pool.Name,
                new MemoryBudget($"pool '{pool.Name}' (mapped)", (pool.Limit ?? DefaultMappedLimit).Bytes),
                pool.Directory is null ? null : Path.GetFullPath(pool.Directory, baseDirectory)),
            _ => throw new ArgumentOutOfRangeException(nameof(pool), pool.Kind, "unknown pool kind"),
        };
    }
}
