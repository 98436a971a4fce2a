using Conduit.Abstractions.Memory;

namespace Conduit.Abstractions.Tests.Memory;

public sealed class BorrowedLeaseTests
{
    [Fact]
    public void Wraps_the_callers_memory_without_copying()
    {
        var data = new byte[] { 1, 2, 3 };
        using var lease = new BorrowedLease(data);

        lease.Span[0] = 9;

        Assert.Equal(9, data[0]);
        Assert.Equal(LeaseOwnership.Borrowed, lease.Ownership);
        Assert.Equal(3, lease.Length);
    }

    [Fact]
    public void Shares_count_and_each_handle_ends_on_its_own()
    {
        var lease = new BorrowedLease(new byte[4]);
        var share = lease.Share();
        Assert.False(lease.IsExclusive);

        lease.Dispose();
        lease.Dispose();

        Assert.True(share.IsExclusive);
        Assert.Equal(4, share.Memory.Length);
        Assert.Throws<ObjectDisposedException>(() => lease.Memory);
        share.Dispose();
    }
}
