using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;

namespace Conduit.Abstractions.Tests.Messages;

public sealed class ImageFrameTests
{
    private static readonly FrameLayout Layout = new(PixelType.UInt16, 4, 2, FrameGeometry.Default);

    [Fact]
    public void Disposing_the_frame_disposes_its_pixels()
    {
        var pixels = new BorrowedLease(new byte[16]);
        var frame = new ImageFrame(0, Layout, pixels);

        frame.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pixels.Memory);
        Assert.Throws<ObjectDisposedException>(() => frame.Pixels);
    }

    [Fact]
    public void Taking_the_pixels_hands_ownership_to_the_caller()
    {
        var frame = new ImageFrame(0, Layout, new BorrowedLease(new byte[16]));

        using var pixels = frame.TakePixels();
        frame.Dispose();

        Assert.Equal(16, pixels.Memory.Length);
    }

    [Fact]
    public void A_lease_shorter_than_the_layout_is_refused_with_both_sizes()
    {
        var error = Assert.Throws<ArgumentException>(() => new ImageFrame(3, Layout, new BorrowedLease(new byte[15])));

        Assert.Contains("needs 16 bytes for 4x2 UInt16, the lease has 15", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shared_frame_has_its_own_handle_to_the_same_pixels()
    {
        using var frame = new ImageFrame(5, Layout, new BorrowedLease(new byte[16]));

        using var copy = (ImageFrame)frame.Share();

        Assert.Equal(5, copy.Index);
        Assert.False(frame.Pixels.IsExclusive);
        frame.Pixels.Span[0] = 7;
        Assert.Equal(7, copy.Pixels.Span[0]);
    }
}
