using Conduit.Abstractions.Memory;
using Conduit.Plugins.Datasets.Nifti;

namespace Conduit.Plugins.Datasets.Stages;

/// <summary>Memory of <c>datasets.open</c>: nothing for little-endian images (slices are mapped views); for big-endian
/// ones, one slice per message the output channel holds, plus the one being filled.</summary>
public sealed class OpenDatasetEstimator : IMemoryEstimator<OpenDatasetOptions>
{
    /// <inheritdoc />
    public MemoryEstimate Estimate(OpenDatasetOptions options, MemoryEstimationContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = System.IO.Path.GetFullPath(options.Path, context.BaseDirectory ?? Environment.CurrentDirectory);
        long slice;
        if (Caching.DiffusionCacheReader.IsCache(path))
        {
            using var cache = Caching.DiffusionCacheReader.Open(path);
            slice = cache.X * cache.Y * cache.DataType.BytesPerVoxel();
            return new MemoryEstimate(slice * (context.ChannelCapacity + 1), slice, "(channel capacity + 1) × x × y × bytes per voxel (cache slices are read into leases)");
        }

        // A .nii.gz is decompressed to a temporary file: that much disk must be free before anything runs.

        Caching.TemporaryFiles.RequireSpace(path, NiftiFile.TemporaryDiskBytes(path));

        var h = NiftiFile.ReadHeader(path);
        if (!h.BigEndian)
        {
            return new MemoryEstimate(0, 0, "0: slices are views of the mapped file");
        }

        slice = h.Dim(0) * h.Dim(1) * h.DataType.BytesPerVoxel();
        return new MemoryEstimate(slice * (context.ChannelCapacity + 1), slice, "(channel capacity + 1) × x × y × bytes per voxel (big-endian slices are swapped into leases)");
    }
}
