using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Conduit.Abstractions.Memory;
using Conduit.Engine.Memory;

namespace Conduit.Testing.Memory;

/// <summary>
/// A pool for tests: records the stack trace of every rental, and throws <see cref="LeakedLeasesException"/> naming
/// each one when it is disposed with leases still out. Lease objects are never recycled, so using a lease after
/// disposing it always throws, and no budget is cached per core, so that budgets and peaks can be asserted exactly.
/// </summary>
public sealed class LeakCheckingPool : IBufferPool, IDisposable
{
    private readonly IBufferPool _inner;
    private readonly ManagedBufferPool? _ownedInner;
    private readonly ConcurrentDictionary<TrackedLease, string> _outstanding = new();

    /// <summary>A managed pool with a budget of <paramref name="budgetBytes"/> (default 1 GiB).</summary>
    public LeakCheckingPool(string name = "test", long budgetBytes = 1L << 30)
    {
        Budget = new MemoryBudget(name, budgetBytes);
        var pool = new ManagedBufferPool(name, Budget, new ManagedBufferPoolOptions { RecycleLeaseObjects = false, CacheQuantumBytes = 0 });
        _inner = pool;
        _ownedInner = pool;
    }

    /// <summary>Checks the leases of another pool (which the caller keeps owning).</summary>
    public LeakCheckingPool(IBufferPool inner, IMemoryBudget budget)
    {
        _inner = inner;
        Budget = budget;
    }

    /// <summary>The budget the pool draws on.</summary>
    public IMemoryBudget Budget { get; }

    /// <inheritdoc />
    public string Name => _inner.Name;

    /// <inheritdoc />
    public MemoryKind Kind => _inner.Kind;

    /// <inheritdoc />
    public long MaxLeaseBytes => _inner.MaxLeaseBytes;

    /// <inheritdoc />
    public BufferPoolStatistics Statistics => _inner.Statistics;

    /// <summary>Leases (shares included) not yet disposed.</summary>
    public int OutstandingLeases => _outstanding.Count;

    /// <inheritdoc />
    public bool TryRent(long bytes, [NotNullWhen(true)] out IBufferLease? lease)
    {
        if (!_inner.TryRent(bytes, out var inner))
        {
            lease = null;
            return false;
        }

        lease = Track(inner);
        return true;
    }

    /// <inheritdoc />
    public async ValueTask<IBufferLease> RentAsync(long bytes, CancellationToken cancellationToken = default) =>
        Track(await _inner.RentAsync(bytes, cancellationToken).ConfigureAwait(false));

    /// <summary>Throws <see cref="LeakedLeasesException"/> if any lease is still out.</summary>
    public void AssertNoLeases()
    {
        var leaks = _outstanding.ToArray();
        if (leaks.Length == 0)
        {
            return;
        }

        var message = new StringBuilder($"{leaks.Length} lease(s) from pool '{Name}' were not disposed:");
        foreach (var (lease, stack) in leaks)
        {
            message.AppendLine().Append($"- {lease.Length} bytes, rented at:").AppendLine().Append(stack);
        }

        throw new LeakedLeasesException(message.ToString());
    }

    /// <summary>Fails with <see cref="LeakedLeasesException"/> if leases are still out; frees the pool either way.</summary>
    public void Dispose()
    {
        try
        {
            AssertNoLeases();
        }
        finally
        {
            _ownedInner?.Dispose();
        }
    }

    internal IBufferLease Track(IBufferLease inner)
    {
        var lease = new TrackedLease(inner, this);
        _outstanding[lease] = new StackTrace(2, fNeedFileInfo: true).ToString();
        return lease;
    }

    internal void Forget(TrackedLease lease) => _outstanding.TryRemove(lease, out _);
}
