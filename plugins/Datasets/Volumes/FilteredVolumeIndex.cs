namespace Conduit.Plugins.Datasets.Volumes;

/// <summary>A volume's position among the volumes a <see cref="VolumeSelection"/> kept (the filtered index space),
/// from 0. Deliberately not convertible to <see cref="VolumeIndex"/> except through the selection.</summary>
public readonly record struct FilteredVolumeIndex(int Value)
{
    /// <inheritdoc />
    public override string ToString() => $"filtered volume {Value}";
}
