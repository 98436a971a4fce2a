namespace Conduit.Abstractions.Memory;

/// <summary>One segment of a lease: its bytes, and the byte offset in the lease where they start.</summary>
/// <param name="Offset">Where the segment starts in the lease, in bytes.</param>
/// <param name="Memory">The segment's bytes.</param>
public readonly record struct LeaseSegment(long Offset, Memory<byte> Memory)
{
    /// <summary>The segment's bytes as a span.</summary>
    public Span<byte> Span => Memory.Span;
}
