using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Jobs;

/// <summary>One entry of <c>memory.pools</c>.</summary>
/// <param name="Name">The pool's name (its key).</param>
/// <param name="Kind">One of <see cref="PoolKindName.All"/>.</param>
/// <param name="Size">Slab size (slab pools).</param>
/// <param name="Count">Number of slabs (slab pools).</param>
/// <param name="Limit">The pool's own cap: bytes of the job budget it may use (managed, pinned) or disk it may map (mapped).</param>
/// <param name="Alignment">Block alignment in bytes (pinned pools).</param>
/// <param name="Fallback">Pool that serves what a slab pool cannot (default: the job's default pool).</param>
/// <param name="Directory">Folder of the temporary files (mapped pools).</param>
public sealed record PoolDefinition(
    string Name,
    string Kind,
    ByteSize? Size,
    int? Count,
    ByteSize? Limit,
    int? Alignment,
    string? Fallback,
    string? Directory);
