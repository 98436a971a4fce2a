using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Recon.Filtering;
using Conduit.Plugins.Recon.Gpu;

namespace Conduit.Plugins.Recon.Stages;

/// <summary>
/// Options of <c>recon.fbp</c>. Peak memory for a chunk of k slices on the CPU: k × (sinogram + slice) bytes plus
/// (channel capacity) slices waiting downstream, plus each worker's FFT rows (2 × padded × 4 bytes) and tables; the GPU
/// path holds the same sinograms and slices on the host and on the device, and both count against the budget.
/// </summary>
public sealed class FbpOptions
{
    /// <summary>The ramp filter's window.</summary>
    public FilterKind Filter { get; set; } = FilterKind.RamLak;

    /// <summary>What fills a row beyond its detectors before filtering.</summary>
    public PaddingKind Padding { get; set; } = PaddingKind.Zero;

    /// <summary>Output pixels a side; 0: the number of detector bins (a slice stays under 2 GiB).</summary>
    [Range(0, 23170)]
    public int OutputSize { get; set; }

    /// <summary>Output pixel size in detector spacings (2: half the resolution over the same field of view).</summary>
    [Range(1e-3, 1e3)]
    public double PixelSize { get; set; } = 1;

    /// <summary>Rotation-axis position in detector bins relative to the middle bin (detectors / 2), added to what the
    /// sinogram carries.</summary>
    [Range(-1e5, 1e5)]
    public double CentreOffset { get; set; }

    /// <summary>Zero the pixels outside the circle that every projection sees.</summary>
    public bool CircleMask { get; set; } = true;

    /// <summary>Where it runs: auto (a CUDA GPU when there is one, else the CPU), cpu, cuda, or ilgpu-cpu (the GPU code
    /// on ILGPU's CPU accelerator, for tests).</summary>
    public ReconDevice Device { get; set; } = ReconDevice.Auto;

    /// <summary>Slices reconstructed together; 0: one on the CPU (which spreads a slice over all cores), and on a GPU the
    /// largest chunk that fits the budget, up to <see cref="MaxChunkSlices"/>.</summary>
    [Range(0, 100_000)]
    public int ChunkSlices { get; set; }

    /// <summary>The most slices an automatic GPU chunk holds.</summary>
    [Range(1, 100_000)]
    public int MaxChunkSlices { get; set; } = 64;

    /// <summary>CPU workers; 0: one per core.</summary>
    [Range(0, 1024)]
    public int Threads { get; set; }

    /// <summary>GPU path: sinogram row pairs filtered per batch of kernel launches.</summary>
    [Range(1, 1 << 20)]
    public int FilterBatchPairs { get; set; } = 4096;

    /// <summary>Pool the output slices (and the CPU path's scratch) are rented from.</summary>
    [PoolName]
    public string Pool { get; set; } = "default";

    internal int Workers => Threads == 0 ? Environment.ProcessorCount : Threads;
}
