using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Datasets.Stages;

/// <summary>Options of <c>datasets.cache</c>. Peak memory: one volume (x × y × z × bytes per voxel) plus one HDF5
/// chunk (volumesPerChunk volumes); a <c>.nii.gz</c> is decompressed to a temporary file, not to memory.</summary>
public sealed class CacheDatasetOptions
{
    /// <summary>The NIfTI image (.nii or .nii.gz).</summary>
    [Required]
    [InputFile]
    public string Path { get; set; } = string.Empty;

    /// <summary>The HDF5 cache to write (renamed into place when the job succeeds).</summary>
    [Required]
    [OutputFile]
    public string Output { get; set; } = string.Empty;

    /// <summary>FSL b-values file; with <see cref="Bvec"/>, stored as /bvals and /bvecs.</summary>
    [InputFile]
    public string? Bval { get; set; }

    /// <summary>FSL b-vectors file.</summary>
    [InputFile]
    public string? Bvec { get; set; }

    /// <summary>Leave out b = 0 volumes (b at or below <see cref="B0Threshold"/>); needs the gradient files.</summary>
    public bool DropB0 { get; set; }

    /// <summary>Largest b-value that counts as b = 0 (s/mm²).</summary>
    [Range(0.0, 10000.0)]
    public double B0Threshold { get; set; } = 50;

    /// <summary>A 3D NIfTI brain mask of the same x/y/z size, stored as /mask (non-zero voxels are 1).</summary>
    [InputFile]
    public string? Mask { get; set; }

    /// <summary>Volumes per HDF5 chunk.</summary>
    [Range(1, 4096)]
    public int VolumesPerChunk { get; set; } = 1;

    /// <summary>Shuffle and deflate each chunk.</summary>
    public bool Compress { get; set; }
}
