namespace Conduit.Engine.Memory;

/// <summary>Wakes every waiter of a budget tree when bytes are released; allocates only while someone waits.</summary>
internal sealed class BudgetSignal
{
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiters;

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
