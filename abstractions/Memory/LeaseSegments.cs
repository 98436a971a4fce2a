namespace Conduit.Abstractions.Memory;

/// <summary>
/// The segments of a lease in order, for <c>foreach</c>: one for a contiguous lease, several past 1 GiB. Enumerating
/// allocates nothing. Get it with <see cref="BufferLeaseExtensions.Segments(IBufferLease)"/>.
/// </summary>
public readonly struct LeaseSegments
{
    private readonly IBufferLease _lease;

    internal LeaseSegments(IBufferLease lease) => _lease = lease;

    /// <summary>Starts the enumeration.</summary>
    public Enumerator GetEnumerator() => new(_lease);

    /// <summary>Walks the segments; the lease must stay undisposed meanwhile.</summary>
    public struct Enumerator
    {
        private readonly IBufferLease _lease;
        private readonly int _count;
        private int _index;
        private long _offset;
        private LeaseSegment _current;

        internal Enumerator(IBufferLease lease)
        {
            _lease = lease;
            _count = lease.SegmentCount;
            _index = -1;
            _offset = 0;
            _current = default;
        }

        /// <summary>The segment at the current position.</summary>
        public readonly LeaseSegment Current => _current;

        /// <summary>Moves to the next segment; false after the last.</summary>
        public bool MoveNext()
        {
            if (++_index >= _count)
            {
                return false;
            }

            _offset += _current.Memory.Length;
            _current = new LeaseSegment(_offset, _lease.GetSegment(_index));
            return true;
        }
    }
}
