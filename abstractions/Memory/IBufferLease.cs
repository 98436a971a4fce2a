namespace Conduit.Abstractions.Memory;

/// <summary>
/// An owned, disposable view of <see cref="Length"/> bytes: contiguous, or split into segments when it is larger
/// than one <see cref="Memory{T}"/> can address (2 GiB).
/// </summary>
/// <remarks>
/// <para>Whoever holds a lease disposes it exactly once, or hands it on (in a message) and stops touching it.
/// Disposing twice is harmless; using a lease after disposing it throws <see cref="ObjectDisposedException"/>.</para>
/// <para>Pools recycle lease objects to keep renting allocation-free, so a stale reference to a lease that has since
/// been rented again cannot be detected in production. The testing kit's leak-checking pool never recycles them, which
/// makes such bugs fail in tests.</para>
/// </remarks>
public interface IBufferLease : IDisposable
{
    /// <summary>Number of usable bytes (what was asked for, not what the pool rounded up to).</summary>
    long Length { get; }

    /// <summary>Whether disposing returns the bytes to a pool, ends a borrowed view, or unmaps a file view.</summary>
    LeaseOwnership Ownership { get; }

    /// <summary>Where the bytes live.</summary>
    MemoryKind Kind { get; }

    /// <summary>Name of the pool the lease came from (or <c>borrowed</c>).</summary>
    string PoolName { get; }

    /// <summary>True when the lease is one segment, so <see cref="Memory"/> and <see cref="Span"/> may be used.</summary>
    bool IsContiguous { get; }

    /// <summary>The bytes of a contiguous lease.</summary>
    /// <exception cref="NotSupportedException">The lease is segmented; use <see cref="GetSegment"/>.</exception>
    Memory<byte> Memory { get; }

    /// <summary>The bytes of a contiguous lease, as a span.</summary>
    /// <exception cref="NotSupportedException">The lease is segmented; use <see cref="GetSegment"/>.</exception>
    Span<byte> Span { get; }

    /// <summary>Number of segments (1 for a contiguous lease).</summary>
    int SegmentCount { get; }

    /// <summary>Segment <paramref name="index"/>; all segments but the last have the same length.</summary>
    Memory<byte> GetSegment(int index);

    /// <summary>
    /// Gets the address of the first byte when the memory never moves (pinned native, mapped, slab).
    /// The address is valid until the lease is disposed.
    /// </summary>
    bool TryGetPointer(out nint pointer);

    /// <summary>True while no other handle made by <see cref="Share"/> is alive, so the holder may write in place.</summary>
    bool IsExclusive { get; }

    /// <summary>
    /// Returns another handle to the same bytes (used to fan one message out to several consumers). The bytes go back
    /// when every handle is disposed. Shared bytes are read-only by convention: check <see cref="IsExclusive"/> before
    /// writing in place.
    /// </summary>
    IBufferLease Share();
}
