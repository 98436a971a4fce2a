namespace Conduit.Engine.Memory;

/// <summary>
/// One thread's tier of one pool: a lease parked for that thread's next rent, and the counters of the rents and returns
/// the thread did through it. Only the owner thread writes the counters and parks; a flush may retire the parked lease
/// from another thread, which the lease's state arbitrates (docs/adr/0014).
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

    public long RentedBytes;
    public long RentCount;
    public long OutstandingBytes;
    public long OutstandingLeases;
}
