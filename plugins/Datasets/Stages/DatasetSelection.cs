using Conduit.Abstractions.Stages;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Plugins.Datasets.Volumes;

namespace Conduit.Plugins.Datasets.Stages;

/// <summary>Gradient files and the b = 0 filter, shared by the stages that open datasets.</summary>
internal static class DatasetSelection
{
    public static GradientTable? Gradients(IStageContext context, string? bval, string? bvec) =>
        (bval, bvec) switch
        {
            (null, null) => null,
            ({ } a, { } b) => GradientTable.ReadFsl(context.ResolvePath(a), context.ResolvePath(b)),
            _ => throw new ArgumentException("bval and bvec go together: give both or neither"),
        };

    public static VolumeSelection Select(NiftiFile source, GradientTable? gradients, bool dropB0, double threshold)
    {
        if (gradients is not null && gradients.Count != source.VolumeCount)
        {
            throw new DatasetDataException(source.Path, $"the gradient files list {gradients.Count} volumes, the image has {source.VolumeCount}");
        }

        if (!dropB0)
        {
            return VolumeSelection.All(source.VolumeCount);
        }

        return gradients?.WithoutB0(threshold) ?? throw new ArgumentException("dropB0 needs the bval and bvec files");
    }
}
