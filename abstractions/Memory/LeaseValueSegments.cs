using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Conduit.Abstractions.Memory;

/// <summary>
/// The segments of a lease as spans of <typeparamref name="T"/>, for <c>foreach</c>; enumerating allocates nothing.
/// Get it with <see cref="BufferLeaseExtensions.Segments{T}(IBufferLease)"/>.
/// </summary>
/// <typeparam name="T">The value type; every segment but the last holds whole values.</typeparam>
public readonly ref struct LeaseValueSegments<T>
    where T : unmanaged
{
    private readonly IBufferLease _lease;

    internal LeaseValueSegments(IBufferLease lease) => _lease = lease;

    /// <summary>Starts the enumeration.</summary>
    public Enumerator GetEnumerator() => new(_lease);

    /// <summary>Walks the segments; the lease must stay undisposed meanwhile.</summary>
    public ref struct Enumerator
    {
        private LeaseSegments.Enumerator _segments;
        private LeaseValues<T> _current;

        internal Enumerator(IBufferLease lease)
        {
            _segments = new LeaseSegments.Enumerator(lease, lease.Length);
            _current = default;
        }

        /// <summary>The values of the current segment.</summary>
        public readonly LeaseValues<T> Current => _current;

        /// <summary>Moves to the next segment; false after the last.</summary>
        /// <exception cref="InvalidOperationException">A segment before the last does not hold whole values.</exception>
        public bool MoveNext()
        {
            if (!_segments.MoveNext())
            {
                return false;
            }

            var segment = _segments.Current;
            var size = Unsafe.SizeOf<T>();
            if (segment.Offset % size != 0)
            {
                throw new InvalidOperationException($"a segment starts at byte {segment.Offset}, inside a {typeof(T).Name} of {size} bytes");
            }

            var span = segment.Span;
            _current = new LeaseValues<T>(segment.Offset / size, MemoryMarshal.Cast<byte, T>(span[..(span.Length / size * size)]));
            return true;
        }
    }
}
