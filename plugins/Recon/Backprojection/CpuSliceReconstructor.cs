using System.Runtime.Intrinsics.X86;
using Conduit.Plugins.Recon.Geometry;

namespace Conduit.Plugins.Recon.Backprojection;

/// <summary>The CPU path as an <see cref="ISliceReconstructor"/>.</summary>
internal sealed class CpuSliceReconstructor(ParallelBeamGeometry geometry, FbpSettings settings, int workers) : ISliceReconstructor
{
    private readonly CpuFbp _fbp = new(geometry, settings, workers);

    public bool OnDevice => false;

    public string Description => $"CPU, {workers} workers, {(Avx2.IsSupported ? "AVX2 gathers" : "scalar back-projection")}";

    public long ScratchBytes(int slices) => _fbp.ScratchBytes(slices);

    public void Reconstruct(IReadOnlyList<Memory<byte>> sinograms, IReadOnlyList<Memory<byte>> slices, Memory<byte> scratch, CancellationToken cancellationToken) =>
        _fbp.Reconstruct(sinograms, slices, scratch, cancellationToken);

    public void Dispose()
    {
    }
}
