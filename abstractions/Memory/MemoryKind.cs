namespace Conduit.Abstractions.Memory;

/// <summary>Where the bytes of a lease live. Used as a metric tag and to pick a pool for a purpose.</summary>
public enum MemoryKind
{
    /// <summary>Managed arrays on the GC heap; may move, so never hand their address to native code without pinning.</summary>
    Managed,

    /// <summary>Native memory, aligned and never moved: safe for P/Invoke and DMA.</summary>
    PinnedNative,

    /// <summary>One of N preallocated fixed-size buffers.</summary>
    Slab,

    /// <summary>A memory-mapped file: backed by the page cache, not by the process heap.</summary>
    MappedFile,

    /// <summary>Memory on an accelerator (GPU).</summary>
    Device,
}
