using Conduit.Abstractions.Memory;
using Conduit.Plugins.Datasets.Nifti;

namespace Conduit.Plugins.Datasets.Stages;

/// <summary>Memory of <c>datasets.cache</c>: one volume being converted plus the HDF5 chunk it goes into (read from the
/// image's header; a <c>.nii.gz</c> is decompressed to a temporary file, not to memory).</summary>
public sealed class CacheDatasetEstimator : IMemoryEstimator<CacheDatasetOptions>
{
    /// <inheritdoc />
    public MemoryEstimate Estimate(CacheDatasetOptions options, MemoryEstimationContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        var volume = NiftiFile.ReadHeader(System.IO.Path.GetFullPath(options.Path, context.BaseDirectory ?? Environment.CurrentDirectory)).VolumeBytes;
        return new MemoryEstimate(volume * (1 + options.VolumesPerChunk), volume, "volume bytes × (1 + volumesPerChunk)");
    }
}
