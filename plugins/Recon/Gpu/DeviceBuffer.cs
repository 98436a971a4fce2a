using ILGPU;
using ILGPU.Runtime;

namespace Conduit.Plugins.Recon.Gpu;

/// <summary>A device buffer from <see cref="DeviceMemoryPool"/>: disposing it frees the memory and gives its bytes back
/// to the budget, once.</summary>
internal sealed class DeviceBuffer<T>(MemoryBuffer1D<T, Stride1D.Dense> buffer, Action returned) : IDisposable
    where T : unmanaged
{
    private int _disposed;

    public ArrayView1D<T, Stride1D.Dense> View => _disposed == 0 ? buffer.View : throw new ObjectDisposedException(nameof(DeviceBuffer<T>));

    public long Length => buffer.Length;

    /// <summary>Copies <paramref name="source"/> to elements [offset, offset + length).</summary>
    public void Upload(ReadOnlySpan<T> source, long offset = 0)
    {
        if (source.IsEmpty)
        {
            return;
        }

        View.SubView(offset, source.Length).CopyFromCPU(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(source), source.Length);
    }

    /// <summary>Copies elements [offset, offset + destination length) to <paramref name="destination"/>.</summary>
    public void Download(Span<T> destination, long offset = 0)
    {
        if (destination.IsEmpty)
        {
            return;
        }

        View.SubView(offset, destination.Length).CopyToCPU(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(destination), destination.Length);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            buffer.Dispose();
            returned();
        }
    }
}
