using Conduit.Plugins.Datasets.Nifti;
using Conduit.Plugins.Datasets.Volumes;

namespace Conduit.Fuzz.Targets;

/// <summary>A NIfTI-1 or NIfTI-2 image (<c>.nii</c>, or gzip-compressed, recognised by its content): header, affine,
/// extensions, and every voxel of every volume summed, as inspect and <c>datasets.read-nifti</c> read it.</summary>
internal sealed class NiftiTarget : FuzzTarget
{
    /// <summary>What decompressing may take of temporary disk per input (set for the whole process by Program).</summary>
    public const string TemporaryDiskLimit = "64 MiB";

    public override string Name => "nifti";

    public override string Description => "NIfTI-1/2 header, extensions, .nii.gz, every volume summed";

    // Volumes are mapped from the file (or its decompressed copy on disk), never copied into managed memory; the
    // extensions are copied (at most the input's size).
    public override AllocationBound Bound => new(4, 4 << 20);

    public override void Run(byte[] input)
    {
        var path = ScratchFiles.Write("input.nii", input);
        using var file = NiftiFile.Open(path);
        _ = file.Affine;
        _ = file.Extensions.Sum(e => e.Data.Length);
        for (var v = 0; v < file.VolumeCount; v++)
        {
            file.RawSum(new VolumeIndex(v));
        }
    }
}
