using Conduit.Abstractions.Inspection;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Datasets.Caching;
using Conduit.Plugins.Datasets.Inspection;
using Conduit.Plugins.Datasets.Volumes;
using Conduit.Plugins.Plotting;

namespace Conduit.Plugins.Datasets.Plotting;

/// <summary>
/// <c>conduit plot</c> for diffusion caches: <c>orthogonal</c>, the three slices of one stored volume
/// (<c>--volume</c>, in the cache's filtered numbering; <c>--slice</c> the axial slice), drawn as the NIfTI plotter
/// draws an image, with the source's scaling applied.
/// </summary>
public sealed class DiffusionCachePlotter : IFilePlotter
{
    private static readonly DiffusionCacheInspector Inspector = new();

    /// <inheritdoc />
    public string Format => Inspector.Format;

    /// <inheritdoc />
    public IReadOnlyList<string> Kinds { get; } = ["orthogonal"];

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName) => Inspector.Match(header, fileName);

    /// <inheritdoc />
    public ValueTask PlotAsync(string path, PlotRequest request, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        using var cache = DiffusionCacheReader.Open(path);
        var volume = request.Volume ?? 0;
        if (volume < 0 || volume >= cache.Volumes)
        {
            throw new ArgumentException($"--volume {volume}: {Path.GetFileName(path)} keeps volumes 0 to {cache.Volumes - 1}");
        }

        var size = ((int)cache.X, (int)cache.Y, (int)cache.Z);
        var z = request.Slice ?? (size.Item3 / 2);
        if (z < 0 || z >= size.Item3)
        {
            throw new ArgumentException($"--slice {z}: the cache has slices 0 to {size.Item3 - 1}");
        }

        var bytes = new byte[cache.VolumeBytes];
        cache.ReadVolume(new FilteredVolumeIndex(volume), bytes);
        var voxels = NiftiPlotter.ToDoubles(bytes, cache.DataType);
        var scaled = cache.SclSlope != 0 && double.IsFinite(cache.SclSlope);
        for (var i = 0; scaled && i < voxels.Length; i++)
        {
            voxels[i] = (voxels[i] * cache.SclSlope) + (double.IsFinite(cache.SclInter) ? cache.SclInter : 0);
        }

        if (cache.Affine[5] < 0)
        {
            NiftiPlotter.FlipY(voxels, size);
        }

        static double Size(double v) => Math.Abs(v) > 0 ? Math.Abs(v) : 1;
        var spacing = (Size(cache.VoxelSize[0]), Size(cache.VoxelSize[1]), Size(cache.VoxelSize[2]));
        var title = $"{Path.GetFileName(path)}: stored volume {volume} (source volume {cache.OriginalIndices[volume].Value})";
        var plot = NiftiPlotter.Build(title, voxels, size, spacing, z, out var panels, request.GreyRange);
        PlotImages.Write(plot, request, output, NiftiPlotter.AspectOf(panels));
        return ValueTask.CompletedTask;
    }
}
