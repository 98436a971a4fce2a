namespace Conduit.Plugins.Datasets.Volumes;

/// <summary>
/// Which volumes of a dataset are kept, and the explicit mapping between the two index spaces. Selecting copies no
/// voxel: reading a filtered volume reads the original one it maps to.
/// </summary>
public sealed class VolumeSelection
{
    private readonly VolumeIndex[] _kept;
    private readonly int[] _filteredOf;

    private VolumeSelection(int total, VolumeIndex[] kept)
    {
        _kept = kept;
        _filteredOf = Enumerable.Repeat(-1, total).ToArray();
        for (var i = 0; i < kept.Length; i++)
        {
            _filteredOf[kept[i].Value] = i;
        }
    }

    /// <summary>Volumes in the original dataset.</summary>
    public int OriginalCount => _filteredOf.Length;

    /// <summary>Volumes kept.</summary>
    public int Count => _kept.Length;

    /// <summary>The kept volumes, in order, as original indices.</summary>
    public IReadOnlyList<VolumeIndex> Kept => _kept;

    /// <summary>Every volume.</summary>
    public static VolumeSelection All(int count) => new(count, [.. Enumerable.Range(0, count).Select(i => new VolumeIndex(i))]);

    /// <summary>The volumes for which <paramref name="keep"/> is true.</summary>
    public static VolumeSelection Where(int count, Func<VolumeIndex, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        return new(count, [.. Enumerable.Range(0, count).Select(i => new VolumeIndex(i)).Where(keep)]);
    }

    /// <summary>The original volume a filtered index stands for.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not below <see cref="Count"/>.</exception>
    public VolumeIndex ToOriginal(FilteredVolumeIndex index) =>
        index.Value >= 0 && index.Value < _kept.Length ? _kept[index.Value]
        : throw new ArgumentOutOfRangeException(nameof(index), index.Value, $"the selection keeps {_kept.Length} volumes");

    /// <summary>Where an original volume sits among the kept ones, or null if it was filtered out.</summary>
    public FilteredVolumeIndex? ToFiltered(VolumeIndex index) =>
        index.Value >= 0 && index.Value < _filteredOf.Length && _filteredOf[index.Value] >= 0 ? new FilteredVolumeIndex(_filteredOf[index.Value]) : null;
}
