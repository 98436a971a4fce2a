using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Conduit.Abstractions.Memory;

/// <summary>
/// Segment-by-segment and typed views of a lease's bytes, so that a stage reads and writes samples without casting
/// bytes or offsets, and works the same on a lease past 1 GiB (several segments), where value indices need a
/// <see cref="long"/>. Walking <see cref="Segments(IBufferLease)"/> is the normal path: it is as cheap as one span for a
/// contiguous lease and right for every other.
/// </summary>
public static class BufferLeaseExtensions
{
    /// <summary>The lease's segments in order, each with its byte offset; <c>foreach</c> allocates nothing.</summary>
    public static LeaseSegments Segments(this IBufferLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return new LeaseSegments(lease, lease.Length);
    }

    /// <summary>The segments that hold the lease's first <paramref name="length"/> bytes, the last one cut at
    /// <paramref name="length"/> (a message whose layout uses less than its lease).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or past the lease.</exception>
    public static LeaseSegments Segments(this IBufferLease lease, long length)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, lease.Length);
        return new LeaseSegments(lease, length);
    }

    /// <summary>The lease's segments as spans of <typeparamref name="T"/>, each with the index of its first value.</summary>
    public static LeaseValueSegments<T> Segments<T>(this IBufferLease lease)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(lease);
        return new LeaseValueSegments<T>(lease);
    }

    /// <summary>Copies <paramref name="source"/> into the lease from byte <paramref name="offset"/> on, across segments.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bytes would run past the lease.</exception>
    public static void CopyFrom(this IBufferLease lease, ReadOnlySpan<byte> source, long offset = 0)
    {
        ArgumentNullException.ThrowIfNull(lease);
        CheckRange(lease, offset, source.Length);
        foreach (var segment in lease.Segments())
        {
            var (from, to) = Overlap(segment, offset, source.Length);
            if (from < to)
            {
                source[(int)(segment.Offset + from - offset)..(int)(segment.Offset + to - offset)].CopyTo(segment.Span[(int)from..]);
            }
        }
    }

    /// <summary>Copies the lease's bytes from <paramref name="offset"/> on into <paramref name="destination"/>, across
    /// segments.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bytes would run past the lease.</exception>
    public static void CopyTo(this IBufferLease lease, Span<byte> destination, long offset = 0)
    {
        ArgumentNullException.ThrowIfNull(lease);
        CheckRange(lease, offset, destination.Length);
        foreach (var segment in lease.Segments())
        {
            var (from, to) = Overlap(segment, offset, destination.Length);
            if (from < to)
            {
                segment.Span[(int)from..(int)to].CopyTo(destination[(int)(segment.Offset + from - offset)..]);
            }
        }
    }

    /// <summary>The <paramref name="count"/> values of type <typeparamref name="T"/> from value
    /// <paramref name="index"/> on.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range lies outside the lease, or runs from one segment into
    /// the next (take such a range segment by segment).</exception>
    public static Span<T> AsSpan<T>(this IBufferLease lease, long index, int count)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var size = Unsafe.SizeOf<T>();
        if (index > (lease.Length / size) - count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"values {index} to {index + count - 1} of {typeof(T).Name} lie past the lease's {lease.Length / size}");
        }

        var start = index * size;
        var bytes = count * size;
        if (lease.IsContiguous)
        {
            return MemoryMarshal.Cast<byte, T>(lease.Span.Slice((int)start, bytes));
        }

        // All segments but the last have the first one's length.
        var stride = lease.GetSegment(0).Length;
        var segment = lease.GetSegment((int)(start / stride));
        var offset = (int)(start % stride);
        return offset + bytes <= segment.Length
            ? MemoryMarshal.Cast<byte, T>(segment.Span.Slice(offset, bytes))
            : throw new ArgumentOutOfRangeException(nameof(count), count, $"values {index} to {index + count - 1} of {typeof(T).Name} run from segment {start / stride} into the next; take them segment by segment");
    }

    /// <summary>Every value of type <typeparamref name="T"/> in a contiguous lease.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The lease has several segments (use the ranged overload).</exception>
    public static Span<T> AsSpan<T>(this IBufferLease lease)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(lease);
        return lease.IsContiguous
            ? MemoryMarshal.Cast<byte, T>(lease.Span[..(int)(lease.Length / Unsafe.SizeOf<T>() * Unsafe.SizeOf<T>())])
            : throw new ArgumentOutOfRangeException(nameof(lease), $"a lease of {lease.SegmentCount} segments has no single span; take values with AsSpan<T>(index, count) segment by segment");
    }

    private static void CheckRange(IBufferLease lease, long offset, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset > lease.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"bytes {offset} to {offset + count - 1} lie past the lease's {lease.Length}");
        }
    }

    // The part of a segment (segment-relative bounds) that bytes offset .. offset + count of the lease cover.
    private static (long From, long To) Overlap(LeaseSegment segment, long offset, int count) =>
        (Math.Max(offset - segment.Offset, 0), Math.Min(offset + count - segment.Offset, segment.Memory.Length));
}
