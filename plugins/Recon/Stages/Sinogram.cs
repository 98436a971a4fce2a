using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Recon.Geometry;

namespace Conduit.Plugins.Recon.Stages;

/// <summary>
/// One slice's parallel-beam sinogram: float32, one row of <see cref="ParallelBeamGeometry.Detectors"/> bins per
/// projection angle, in a lease the message owns. Produced by <c>recon.phantom</c>, <c>recon.load-sinogram</c> and
/// <c>recon.sinogram</c>; consumed by <c>recon.fbp</c>.
/// </summary>
public sealed class Sinogram : IConduitMessage
{
    private IBufferLease? _data;

    /// <summary>Creates the message; it owns <paramref name="data"/> from now on.</summary>
    /// <exception cref="ArgumentException">The lease is shorter than the geometry needs.</exception>
    public Sinogram(long index, ParallelBeamGeometry geometry, double sliceSpacing, IBufferLease data)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length < geometry.SinogramBytes)
        {
            throw new ArgumentException($"sinogram {index}: {geometry.AngleCount} × {geometry.Detectors} float32 needs {geometry.SinogramBytes} bytes, the lease has {data.Length}", nameof(data));
        }

        Index = index;
        Geometry = geometry;
        SliceSpacing = sliceSpacing;
        _data = data;
    }

    /// <summary>The slice's position in its stack, from 0.</summary>
    public long Index { get; }

    /// <summary>Angles, detectors and rotation centre.</summary>
    public ParallelBeamGeometry Geometry { get; }

    /// <summary>Distance between slices in millimetres.</summary>
    public double SliceSpacing { get; }

    /// <summary>The float32 values, angles × detectors, row-major.</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed or its data taken.</exception>
    public IBufferLease Data => _data ?? throw new ObjectDisposedException(nameof(Sinogram));

    /// <summary>Takes the lease out: the caller owns it from now on.</summary>
    public IBufferLease TakeData() => Interlocked.Exchange(ref _data, null) ?? throw new ObjectDisposedException(nameof(Sinogram));

    /// <inheritdoc />
    public IConduitMessage Share() => new Sinogram(Index, Geometry, SliceSpacing, Data.Share());

    /// <inheritdoc />
    public void Dispose() => Interlocked.Exchange(ref _data, null)?.Dispose();
}
