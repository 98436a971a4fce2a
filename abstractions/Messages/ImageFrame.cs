using Conduit.Abstractions.Memory;

namespace Conduit.Abstractions.Messages;

/// <summary>
/// One 2D frame (a slice of a volume, a projection, a camera frame) with its pixels in a lease. Produced by
/// reconstruction, dataset readers and image readers; consumed by writers, plots and further processing.
/// </summary>
public sealed class ImageFrame : IConduitMessage
{
    private IBufferLease? _pixels;

    /// <summary>Creates a frame that takes ownership of <paramref name="pixels"/>: disposing the frame disposes it.</summary>
    /// <exception cref="ArgumentException">The lease is shorter than the layout needs.</exception>
    public ImageFrame(long index, FrameLayout layout, IBufferLease pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length < layout.ByteLength)
        {
            throw new ArgumentException($"frame {index} needs {layout.ByteLength} bytes for {layout.Width}x{layout.Height} {layout.PixelType}, the lease has {pixels.Length}", nameof(pixels));
        }

        Index = index;
        Layout = layout;
        _pixels = pixels;
    }

    /// <summary>Position of the frame in its stream or volume, from 0.</summary>
    public long Index { get; }

    /// <summary>Pixel type, size and geometry.</summary>
    public FrameLayout Layout { get; }

    /// <summary>The image this frame belongs to, where the producer knows it (readers of multi-image streams set it);
    /// null otherwise. Shared frames carry it too.</summary>
    public FrameSource? Source { get; init; }

    /// <summary>The pixel bytes (row-major). Owned by this frame.</summary>
    /// <exception cref="ObjectDisposedException">The frame was disposed or its pixels were taken.</exception>
    public IBufferLease Pixels => _pixels ?? throw new ObjectDisposedException(nameof(ImageFrame));

    /// <summary>
    /// Takes the pixels out of the frame: the caller owns the lease from now on, and disposing the frame no longer
    /// touches it.
    /// </summary>
    public IBufferLease TakePixels() =>
        Interlocked.Exchange(ref _pixels, null) ?? throw new ObjectDisposedException(nameof(ImageFrame));

    /// <inheritdoc />
    public IConduitMessage Share() => new ImageFrame(Index, Layout, Pixels.Share()) { Source = Source };

    /// <inheritdoc />
    public void Dispose() => Interlocked.Exchange(ref _pixels, null)?.Dispose();
}
