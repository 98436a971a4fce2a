namespace Conduit.Plugins.Recon.Backprojection;

/// <summary>A reconstruction engine for one geometry and settings: the CPU path or the GPU path.</summary>
internal interface ISliceReconstructor : IDisposable
{
    /// <summary>True when the work runs on an accelerator (its memory is then drawn from the budget by a device pool).</summary>
    bool OnDevice { get; }

    /// <summary>What runs it, for logs (<c>CPU, 2 workers, AVX2</c>, <c>CUDA: NVIDIA H100</c>).</summary>
    string Description { get; }

    /// <summary>Host scratch bytes for a chunk of <paramref name="slices"/> (rented by the caller).</summary>
    long ScratchBytes(int slices);

    /// <summary>Reconstructs each float32 sinogram into the float32 slice at the same position. Sinograms may be
    /// overwritten.</summary>
    void Reconstruct(IReadOnlyList<Memory<byte>> sinograms, IReadOnlyList<Memory<byte>> slices, Memory<byte> scratch, CancellationToken cancellationToken);
}
