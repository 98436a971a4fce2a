namespace Conduit.Abstractions.Memory;

/// <summary>
/// The segments of a lease in order, for <c>foreach</c>: one for a contiguous lease, several past 1 GiB. Enumerating
/// allocates nothing. Get it with <see cref="BufferLeaseExtensions.Segments(IBufferLease)"/> (every byte) or
/// <see cref="BufferLeaseExtensions.Segments(IBufferLease, long)"/> (the first bytes, the last segment cut short).
/// </summary>
public readonly struct LeaseSegments
{
    private readonly IBufferLease _lease;
    private readonly long _length;

    internal LeaseSegments(IBufferLease lease, long length)
    {
        _lease = lease;
        _length = length;
    }

    /// <summary>Starts the enumeration.</summary>
    public Enumerator GetEnumerator() => new(_lease, _length);

    /// <summary>Walks the segments; the lease must stay undisposed meanwhile.</summary>
    public struct Enumerator
    {
        private readonly IBufferLease _lease;
        private readonly int _count;
        private readonly long _length;
        private int _index;
        private long _offset;
        private LeaseSegment _current;

        internal Enumerator(IBufferLease lease, long length)
        {
            _lease = lease;
            _count = lease.SegmentCount;
            _length = length;
            _index = -1;
            _offset = 0;
            _current = default;
        }

        /// <summary>The segment at the current position.</summary>
        public readonly LeaseSegment Current => _current;

        /// <summary>Moves to the next segment; false after the last.</summary>
        public bool MoveNext()
        {
            _offset += _current.Memory.Length;
            if (++_index >= _count || _offset >= _length)
            {
                return false;
            }

            var memory = _lease.GetSegment(_index);
            _current = new LeaseSegment(_offset, memory[..(int)Math.Min(memory.Length, _length - _offset)]);
            return true;
        }
    }
}
