namespace Conduit.Engine.Memory;

/// <summary>Settings of a <see cref="PinnedBufferPool"/>.</summary>
public sealed record PinnedBufferPoolOptions
{
    /// <summary>Alignment of every block in bytes: a power of two, at least 64 (default 4096, a page, as DMA engines want).</summary>
    public int Alignment { get; init; } = 4096;

    /// <summary>Largest block kept for reuse (default 64 MiB); larger blocks are freed when returned.</summary>
    public long MaxPooledBlockBytes { get; init; } = 64 << 20;

    /// <summary>Most bytes kept in idle blocks for reuse (default 256 MiB).</summary>
    public long MaxRetainedBytes { get; init; } = 256L << 20;

    /// <summary>Largest single lease; by default the budget's limit.</summary>
    public long? MaxLeaseBytes { get; init; }

    /// <summary>Budget each core reserves at a time; see <see cref="ManagedBufferPoolOptions.CacheQuantumBytes"/>.</summary>
    public long? CacheQuantumBytes { get; init; }

    /// <summary>Whether lease objects (with their blocks) are reused; see <see cref="ManagedBufferPoolOptions.RecycleLeaseObjects"/>.</summary>
    public bool RecycleLeaseObjects { get; init; } = true;
}
