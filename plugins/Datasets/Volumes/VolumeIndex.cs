namespace Conduit.Plugins.Datasets.Volumes;

/// <summary>A volume's position in the dataset as stored (the original index space), from 0.</summary>
public readonly record struct VolumeIndex(int Value)
{
    /// <inheritdoc />
    public override string ToString() => $"volume {Value}";
}
