using Conduit.Abstractions.Memory;
using Conduit.Plugins.Recon.Backprojection;
using Conduit.Plugins.Recon.Geometry;

namespace Conduit.Plugins.Recon.Gpu;

/// <summary>The GPU path as an <see cref="ISliceReconstructor"/>: owns the ILGPU session, its device pool (drawing on
/// the budget given) and the kernels.</summary>
internal sealed class GpuSliceReconstructor : ISliceReconstructor
{
    private readonly AcceleratorSession _session;
    private readonly GpuFbp _fbp;

    public GpuSliceReconstructor(ReconDevice device, IMemoryBudget budget, ParallelBeamGeometry geometry, FbpSettings settings, int batchPairs)
    {
        _session = AcceleratorSession.Open(device);
        try
        {
            Pool = new DeviceMemoryPool(_session.Accelerator, budget);
            _fbp = new GpuFbp(Pool, geometry, settings, batchPairs);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    public DeviceMemoryPool Pool { get; }

    public bool OnDevice => true;

    public string Description => $"{_session.Accelerator.AcceleratorType}: {_session.Accelerator.Name} ({_session.MemoryBytes / (1 << 20)} MiB)";

    public long ScratchBytes(int slices) => 0;

    public void Reconstruct(IReadOnlyList<Memory<byte>> sinograms, IReadOnlyList<Memory<byte>> slices, Memory<byte> scratch, CancellationToken cancellationToken) =>
        _fbp.Reconstruct(sinograms, slices, cancellationToken);

    public void Dispose()
    {
        _fbp.Dispose();
        _session.Dispose();
    }
}
