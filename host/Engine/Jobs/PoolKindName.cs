namespace Conduit.Engine.Jobs;

/// <summary>The pool kinds a job can declare, as written in <c>memory.pools.*.kind</c>.</summary>
public static class PoolKindName
{
    /// <summary>Capped managed arrays.</summary>
    public const string Managed = "managed";

    /// <summary>Aligned native memory for P/Invoke and DMA.</summary>
    public const string Pinned = "pinned";

    /// <summary>N preallocated fixed-size buffers.</summary>
    public const string Slab = "slab";

    /// <summary>Temporary memory-mapped files.</summary>
    public const string Mapped = "mapped";

    /// <summary>All kinds, for messages and the schema.</summary>
    public static IReadOnlyList<string> All { get; } = [Managed, Pinned, Slab, Mapped];
}
