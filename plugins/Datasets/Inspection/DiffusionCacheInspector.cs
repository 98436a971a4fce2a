using System.Globalization;
using Conduit.Abstractions.Inspection;
using Conduit.Plugins.Datasets.Caching;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Plugins.Datasets.Volumes;
using Conduit.Plugins.Hdf5;

namespace Conduit.Plugins.Datasets.Inspection;

/// <summary>
/// <c>conduit inspect</c> for the HDF5 diffusion caches <c>datasets.cache</c> writes: layout, dimensions, datatype,
/// the gradient table's shells, mask and motion, the source image and the sum of the stored values (every volume read
/// once, one at a time), comparable with the source's <c>rawSum</c> when no volume was filtered out.
/// </summary>
public sealed class DiffusionCacheInspector : IFileInspector
{
    /// <inheritdoc />
    public string Format => "Conduit diffusion cache (HDF5)";

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName) =>
        Hdf5Layout.Is(header, fileName, DiffusionCacheLayout.Name) ? InspectionMatch.Content : InspectionMatch.None;

    /// <inheritdoc />
    public ValueTask<InspectionReport> InspectAsync(string path, CancellationToken cancellationToken)
    {
        using var cache = DiffusionCacheReader.Open(path);
        var sum = default(VoxelSum);
        var volume = new byte[cache.VolumeBytes];
        for (var v = 0; v < cache.Volumes; v++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            cache.ReadVolume(new FilteredVolumeIndex(v), volume);
            sum += VoxelSum.Of(volume, cache.DataType);
        }

        var shells = cache.BValues?.Select(b => Math.Round(b / 50) * 50).Distinct().Order().ToArray();
        var fields = new List<InspectionField>
        {
            new("layout", $"{DiffusionCacheLayout.Name} {DiffusionCacheLayout.Version}"),
            new("source", cache.Source),
            new("dims", new[] { cache.X, cache.Y, cache.Z, cache.Volumes }),
            new("datatype", cache.DataType.Name()),
            new("voxelSize", cache.VoxelSize.ToArray()),
            new("sclSlope", cache.SclSlope),
            new("sclInter", cache.SclInter),
            new("rawSum", sum.IsInteger ? sum.Integer : (object)sum.Real),
            new("volumesKept", string.Join(" ", cache.OriginalIndices.Select(i => i.Value.ToString(CultureInfo.InvariantCulture)))),
            new("bValues", cache.BValues?.Count),
            new("shells", shells is null ? null : string.Join(" ", shells.Select(b => b.ToString(CultureInfo.InvariantCulture)))),
            new("mask", cache.HasMask),
            new("motion", cache.HasMotion),
            new("affine", new[] { cache.Affine[0..4], cache.Affine[4..8], cache.Affine[8..12], cache.Affine[12..16] }),
        };
        return ValueTask.FromResult(new InspectionReport(Format, path, fields, []));
    }
}
