using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Datasets.Stages;

/// <summary>Options of <c>datasets.write-nifti</c>. Peak memory: none of its own; each frame is written from its lease.</summary>
public sealed class WriteNiftiOptions
{
    /// <summary>The image to write (.nii; written under a temporary name and renamed when the job succeeds).</summary>
    [Required]
    [OutputFile]
    public string Path { get; set; } = string.Empty;

    /// <summary>NIfTI-1 or NIfTI-2.</summary>
    [Range(1, 2)]
    public int Version { get; set; } = 1;

    /// <summary>Slices per volume; 0: all frames form one 3D volume.</summary>
    [Range(0, int.MaxValue)]
    public int SlicesPerVolume { get; set; }
}
