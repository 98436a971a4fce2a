using Conduit.Abstractions.Memory;
using NSubstitute;

namespace Conduit.Abstractions.Tests.Memory;

public sealed class BufferLeaseExtensionsTests
{
    [Fact]
    public void A_contiguous_lease_is_seen_as_typed_values_in_place()
    {
        var bytes = new byte[16];
        using var lease = new BorrowedLease(bytes);

        lease.AsSpan<float>()[1] = 2.5f;
        lease.AsSpan<float>(3, 1)[0] = -1f;

        Assert.Equal(4, lease.AsSpan<float>().Length);
        Assert.Equal(2.5f, BitConverter.ToSingle(bytes, 4));
        Assert.Equal(-1f, BitConverter.ToSingle(bytes, 12));
    }

    [Fact]
    public void A_segmented_lease_gives_ranges_inside_a_segment_and_refuses_ranges_that_cross_one()
    {
        // Two segments of 8 floats, as a lease past 2 GiB has, in small.
        var segments = new[] { new byte[32], new byte[32] };
        var lease = Substitute.For<IBufferLease>();
        lease.Length.Returns(64);
        lease.IsContiguous.Returns(false);
        lease.SegmentCount.Returns(2);
        lease.GetSegment(0).Returns(segments[0]);
        lease.GetSegment(1).Returns(segments[1]);

        lease.AsSpan<float>(9, 2).Fill(7f);

        Assert.Equal(7f, BitConverter.ToSingle(segments[1], 4));
        Assert.Equal(7f, BitConverter.ToSingle(segments[1], 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => lease.AsSpan<float>(7, 2).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => lease.AsSpan<float>(15, 2).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => lease.AsSpan<float>().Length);
    }

    [Fact]
    public void Segment_iteration_walks_every_segment_with_its_offset_and_copies_cross_segment_boundaries()
    {
        // Three segments of 8, 8 and 5 bytes: the last one short, as a lease's last segment is.
        var segments = new[] { new byte[8], new byte[8], new byte[5] };
        var lease = Substitute.For<IBufferLease>();
        lease.Length.Returns(21);
        lease.IsContiguous.Returns(false);
        lease.SegmentCount.Returns(3);
        for (var i = 0; i < 3; i++)
        {
            lease.GetSegment(i).Returns(segments[i]);
        }

        var seen = new List<(long Offset, int Length)>();
        foreach (var segment in lease.Segments())
        {
            seen.Add((segment.Offset, segment.Memory.Length));
        }

        lease.CopyFrom([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], offset: 6);
        var back = new byte[12];
        lease.CopyTo(back, offset: 6);

        var firstTen = new List<(long Offset, int Length)>();
        foreach (var segment in lease.Segments(10))
        {
            firstTen.Add((segment.Offset, segment.Memory.Length));
        }

        Assert.Equal([(0, 8), (8, 8), (16, 5)], seen);
        Assert.Equal([(0, 8), (8, 2)], firstTen);
        Assert.Throws<ArgumentOutOfRangeException>(() => lease.Segments(22));
        Assert.Equal([1, 2], segments[0][6..]);
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 10], segments[1]);
        Assert.Equal([11, 12], segments[2][..2]);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], back);
        Assert.Throws<ArgumentOutOfRangeException>(() => lease.CopyFrom(new byte[10], offset: 12));
    }

    [Fact]
    public void Typed_segments_give_each_segment_s_values_and_the_index_of_the_first()
    {
        var segments = new[] { new byte[16], new byte[8] };
        var lease = Substitute.For<IBufferLease>();
        lease.Length.Returns(24);
        lease.SegmentCount.Returns(2);
        lease.GetSegment(0).Returns(segments[0]);
        lease.GetSegment(1).Returns(segments[1]);

        var starts = new List<(long Index, int Count)>();
        foreach (var part in lease.Segments<float>())
        {
            starts.Add((part.Index, part.Values.Length));
            part.Values.Fill(part.Index);
        }

        Assert.Equal([(0, 4), (4, 2)], starts);
        Assert.Equal(4f, BitConverter.ToSingle(segments[1], 4));
    }
}
