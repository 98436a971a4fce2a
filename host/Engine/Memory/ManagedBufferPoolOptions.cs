namespace Conduit.Engine.Memory;

/// <summary>Settings of a <see cref="ManagedBufferPool"/>.</summary>
public sealed record ManagedBufferPoolOptions
{
    /// <summary>Largest array kept for reuse; larger requests get exact, unpooled arrays (default 64 MiB).</summary>
    public int MaxPooledArrayBytes { get; init; } = 64 << 20;

    /// <summary>Arrays kept per power-of-two size class (default 8).</summary>
    public int MaxArraysPerSizeClass { get; init; } = 8;

    /// <summary>Largest single lease; by default the budget's limit.</summary>
    public long? MaxLeaseBytes { get; init; }

    /// <summary>
    /// Budget each core reserves at a time and keeps for its next rents (docs/adr/0014). By default
    /// <c>PoolCharges.CacheQuantum</c> of the budget: at most 1 MiB, and at most 1/16 of the budget over all cores.
    /// 0 reserves exactly what each lease costs.
    /// </summary>
    public long? CacheQuantumBytes { get; init; }

    /// <summary>
    /// Whether lease objects are reused (allocation-free renting). The testing kit turns this off so that using a lease
    /// after disposing it is always detected.
    /// </summary>
    public bool RecycleLeaseObjects { get; init; } = true;
}
