using Conduit.Plugins.Datasets.Volumes;

namespace Conduit.Plugins.Datasets.Caching;

/// <summary>How <see cref="DiffusionCacheWriter"/> lays out the cache and what it stores beside the data.</summary>
public sealed record DiffusionCacheOptions
{
    /// <summary>Volumes per HDF5 chunk (1: one chunk per volume).</summary>
    public int VolumesPerChunk { get; init; } = 1;

    /// <summary>Shuffle and deflate each chunk.</summary>
    public bool Compress { get; init; }

    /// <summary>The gradient table of the original volumes; stored for the kept ones.</summary>
    public GradientTable? Gradients { get; init; }

    /// <summary>A brain mask, x fastest (one byte a voxel, 0 or 1), stored as /mask (z, y, x).</summary>
    public byte[]? Mask { get; init; }

    /// <summary>One 4 × 4 motion affine per kept volume, row-major, stored as /motion.</summary>
    public double[]? Motion { get; init; }
}
