using Conduit.Abstractions.Memory;
using Conduit.Engine.Memory;
using Conduit.Testing.Files;

namespace Conduit.Engine.Tests.Memory;

/// <summary>
/// A real lease past one segment (1 GiB), from the mapped pool so that only the pages touched cost memory: segment
/// iteration, copies across the boundary and typed segments see it as one run of bytes.
/// </summary>
public sealed class SegmentedLeaseTests
{
    [Fact]
    public async Task A_lease_past_one_segment_is_walked_and_copied_across_the_boundary()
    {
        using var directory = new TemporaryDirectory();
        using var pool = new MappedFileBufferPool("mapped", new MemoryBudget("disk", 2L << 30), directory.Path);
        const long segment = 1L << 30;
        using var lease = await pool.RentAsync(segment + 16, TestContext.Current.CancellationToken);

        var seen = new List<(long Offset, long Length)>();
        foreach (var part in lease.Segments())
        {
            seen.Add((part.Offset, part.Memory.Length));
        }

        byte[] bytes = [1, 2, 3, 4, 5, 6, 7, 8];
        lease.CopyFrom(bytes, segment - 4);
        var back = new byte[8];
        lease.CopyTo(back, segment - 4);
        var lastFloats = new List<long>();
        foreach (var values in lease.Segments<float>())
        {
            lastFloats.Add(values.Index + values.Values.Length);
        }

        Assert.Equal([(0, segment), (segment, 16)], seen);
        Assert.Equal(bytes, back);
        Assert.Equal(8, lease.GetSegment(1).Span[3]);
        Assert.Equal([segment / 4, (segment / 4) + 4], lastFloats);
    }
}
