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
    /// Whether lease objects are reused (allocation-free renting). The testing kit turns this off so that using a lease
    /// after disposing it is always detected.
    /// </summary>
    public bool RecycleLeaseObjects { get; init; } = true;
}
