namespace Conduit.Engine.Memory;

/// <summary>
/// One core's share of a pool: the leases parked ready for reuse (with their memory), the credit reserved from the
/// budget but not yet lent, and this core's statistics. Only its own lock guards it, so a rent and a return on one core
/// touch no line another core writes (docs/adr/0014). Each stripe is a separate object with its own lock and array
/// allocated right after it, which keeps two stripes' counters off one cache line.
/// </summary>
internal sealed class PoolStripe
{
    private readonly PooledLease?[] _ready;
    private int _readyCount;

    public PoolStripe(int readyCapacity)
    {
        Gate = new Lock();
        _ready = new PooledLease?[readyCapacity];
    }

    /// <summary>Guards every field; held only for a few instructions.</summary>
    public Lock Gate { get; }

    /// <summary>Budget bytes reserved by the pool for this stripe and not lent to any lease.</summary>
    public long Credit;

    /// <summary>Budget bytes charged to the leases parked here.</summary>
    public long ReadyBytes;

    public long RentedBytes;
    public long RentCount;
    public long OutstandingBytes;
    public long OutstandingLeases;
    public long FallbackCount;
    public long RefusedCount;

    /// <summary>Reserved bytes this stripe holds idle: credit plus the parked leases' charges.</summary>
    public long SlackBytes => Credit + ReadyBytes;

    public bool HasRoomToPark => _readyCount < _ready.Length;

    public bool HasParked => _readyCount > 0;

    /// <summary>Counts a rental (caller holds <see cref="Gate"/>).</summary>
    public void CountRent(long heldBytes)
    {
        RentedBytes += heldBytes;
        RentCount++;
        OutstandingBytes += heldBytes;
        OutstandingLeases++;
    }

    /// <summary>Parks a returned lease (caller holds <see cref="Gate"/> and has checked <see cref="HasRoomToPark"/>).</summary>
    public void Park(PooledLease lease, long charge)
    {
        _ready[_readyCount++] = lease;
        ReadyBytes += charge;
    }

    /// <summary>Takes the most recently parked lease of <paramref name="capacity"/> (caller holds <see cref="Gate"/>).</summary>
    public PooledLease? TakeReady(long capacity)
    {
        for (var i = _readyCount - 1; i >= 0; i--)
        {
            var lease = _ready[i]!;
            if (lease.ReuseCapacity == capacity)
            {
                _ready[i] = _ready[--_readyCount];
                _ready[_readyCount] = null;
                ReadyBytes -= lease.ReservedBytes;
                return lease;
            }
        }

        return null;
    }

    /// <summary>Empties the stripe of parked leases and credit (caller holds <see cref="Gate"/>); returns the reserved
    /// bytes they held.</summary>
    public long TakeAll(List<PooledLease> leases)
    {
        for (var i = 0; i < _readyCount; i++)
        {
            leases.Add(_ready[i]!);
            _ready[i] = null;
        }

        _readyCount = 0;
        var slack = SlackBytes;
        Credit = 0;
        ReadyBytes = 0;
        return slack;
    }
}
