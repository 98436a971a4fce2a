using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Datasets.Stages;

/// <summary>Options of <c>datasets.open</c>. Peak memory: nothing rented for little-endian files (slices are views of
/// the mapped file, in the page cache); one slice per message in flight for big-endian ones.</summary>
public sealed class OpenDatasetOptions
{
    /// <summary>The NIfTI image (.nii or .nii.gz), or an HDF5 diffusion cache written by <c>datasets.cache</c>.</summary>
    [Required]
    [InputFile]
    public string Path { get; set; } = string.Empty;

    /// <summary>FSL b-values file.</summary>
    [InputFile]
    public string? Bval { get; set; }

    /// <summary>FSL b-vectors file.</summary>
    [InputFile]
    public string? Bvec { get; set; }

    /// <summary>Leave out b = 0 volumes; needs the gradient files.</summary>
    public bool DropB0 { get; set; }

    /// <summary>Largest b-value that counts as b = 0 (s/mm²).</summary>
    [Range(0.0, 10000.0)]
    public double B0Threshold { get; set; } = 50;
}
