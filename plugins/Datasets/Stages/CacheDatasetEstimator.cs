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
        var path = System.IO.Path.GetFullPath(options.Path, context.BaseDirectory ?? Environment.CurrentDirectory);
        // A .nii.gz is decompressed to a temporary file: that much disk must be free before anything runs.
        Caching.TemporaryFiles.RequireSpace(path, NiftiFile.TemporaryDiskBytes(path));
        var volume = NiftiFile.ReadHeader(path).VolumeBytes;
        return new MemoryEstimate(PeakBytes(volume, options.VolumesPerChunk), volume, "volume bytes × (1 + volumesPerChunk)");
    }

    /// <summary>What the writer holds outside the pools: the volume being converted and the chunk it goes into.</summary>
    public static long PeakBytes(long volumeBytes, int volumesPerChunk) => volumeBytes * (1 + volumesPerChunk);
}
