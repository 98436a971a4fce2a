namespace Conduit.Engine.Memory;

/// <summary>
/// Wakes every waiter of a budget tree when bytes are released (allocating only while someone waits), and knows the
/// caches that hold the tree's budget ahead of need, so that they can be emptied before anyone waits or is refused.
/// </summary>
internal sealed class BudgetSignal
{
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _cachesLock = new();
    private IBudgetCache[] _caches = [];
    private int _waiters;

    /// <summary>True while a reservation in the tree waits; caches then give back instead of keeping.</summary>
    public bool HasWaiters => Volatile.Read(ref _waiters) != 0;

    public void AddCache(IBudgetCache cache)
    {
        lock (_cachesLock)
        {
            _caches = [.. _caches, cache];
        }
    }

    public void RemoveCache(IBudgetCache cache)
    {
        lock (_cachesLock)
        {
            _caches = [.. _caches.Where(c => c != cache)];
        }
    }

    /// <summary>Empties every cache of the tree; returns the bytes they gave back.</summary>
    public long FlushCaches()
    {
        long released = 0;
        foreach (var cache in Volatile.Read(ref _caches))
        {
            released += cache.Flush();
        }

        return released;
    }

    /// <summary>Registers a waiter and returns the task that completes at the next release.</summary>
    public Task Enter()
    {
        Interlocked.Increment(ref _waiters);
        return Volatile.Read(ref _released).Task;
    }

    public void Leave() => Interlocked.Decrement(ref _waiters);

    public void Pulse()
    {
        if (Volatile.Read(ref _waiters) == 0)
        {
            return;
        }

        var previous = Interlocked.Exchange(ref _released, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }
}
