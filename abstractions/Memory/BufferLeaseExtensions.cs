using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Conduit.Abstractions.Memory;

/// <summary>
/// Typed views of a lease's bytes, so a stage reads and writes samples without casting bytes or offsets, also in a
/// lease past 2 GiB (several segments), where value indices need a <see cref="long"/>.
/// </summary>
public static class BufferLeaseExtensions
{
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
}
