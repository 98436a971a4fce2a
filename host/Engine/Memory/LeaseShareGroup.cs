namespace Conduit.Engine.Memory;

/// <summary>Counts the live handles of a shared lease; created on the first <c>Share()</c> only.</summary>
internal sealed class LeaseShareGroup
{
    private int _handles = 1;

    public int Handles => Volatile.Read(ref _handles);

    public void AddHandle() => Interlocked.Increment(ref _handles);

    /// <summary>Drops one handle; true when it was the last, so the memory must go back.</summary>
    public bool ReleaseHandle() => Interlocked.Decrement(ref _handles) == 0;
}
