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
}
