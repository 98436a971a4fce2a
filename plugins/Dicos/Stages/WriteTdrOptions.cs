using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Dicos.Stages;

/// <summary>
/// Options of <c>dicos.write-tdr</c>: a threshold detector that reports every 6-connected object of voxels at or above
/// <see cref="Threshold"/> as a potential threat object of the image its frames come from, one report per image.
/// Peak memory: for the image being labelled, the runs of voxels above the threshold (20 bytes per run of a row) and,
/// at its end, one bit per voxel of each reported object's box; frames are not kept.
/// </summary>
public sealed class WriteTdrOptions
{
    /// <summary>The TDR file to write. With <c>{image}</c> in it, one report per image, named by the image's SOP
    /// Instance UID and kept (atomically) as soon as it is whole; without, one report for the job, kept when the job
    /// succeeds.</summary>
    [Required]
    [OutputFile]
    public string Path { get; set; } = "";

    /// <summary>The DICOS image the frames were read from: the report references it and joins its scan and frame of
    /// reference, and its rows, columns and frames must match the frames that arrive. Empty (the default): each
    /// frame's source image, as <c>dicos.read</c> and <c>dicos.receive</c> set it.</summary>
    [InputFile]
    public string ReferencedImage { get; set; } = "";

    /// <summary>Voxels with a value at or above this belong to objects (in the frames' units, rescaled values from
    /// <c>dicos.read</c>).</summary>
    public float Threshold { get; set; }

    /// <summary>Objects smaller than this many voxels are noise, not reported.</summary>
    [Range(1, long.MaxValue)]
    public long MinVoxels { get; set; } = 27;

    /// <summary>At most this many objects are reported, the largest first.</summary>
    [Range(0, 65535)]
    public int MaxObjects { get; set; } = 100;

    /// <summary>Threat Category of the objects (a DICOS defined term).</summary>
    public string ThreatCategory { get; set; } = "ANOMALY";
}
