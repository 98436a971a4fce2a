namespace Conduit.Engine.Memory;

/// <summary>
/// One thread's tier of one pool: a lease parked for that thread's next rent, and the counters of the rents and returns
/// the thread did through it. Only the owner thread writes the counters and parks or takes the lease, inside a window
/// marked by <see cref="Busy"/>; a flush takes the parked lease from another thread only once the pool's flush flag is
/// up and the owner is outside that window (docs/adr/0014).
/// </summary>
internal sealed class ThreadSlot
{
    public ThreadSlot(BufferPool pool, Thread? owner)
    {
        Pool = pool;
        Owner = owner;
    }

    public BufferPool Pool { get; }

    /// <summary>The thread the slot serves; null for the marker of threads that got no slot (they use the stripes).</summary>
    public Thread? Owner { get; set; }

    /// <summary>The parked lease, if any.</summary>
    public PooledLease? Lease;

    /// <summary>1 while the owner thread parks or takes a lease (plain writes by the owner only).</summary>
    public int Busy;

    // What the thread rented and returned through the slot; the difference is what it has out (two counters per rent
    // or park, not four).
    public long RentedBytes;
    public long RentCount;
    public long ReturnedBytes;
    public long ReturnCount;
}
