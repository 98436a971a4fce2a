using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Datasets.Caching;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Plugins.Datasets.Volumes;

namespace Conduit.Plugins.Datasets.Stages;

/// <summary>
/// <c>datasets.open</c>: streams the slices of the kept volumes of a NIfTI image, or of an HDF5 diffusion cache, as
/// frames, in order (filtered volume × depth + slice). Little-endian NIfTI slices are zero-copy views of the mapped file;
/// big-endian ones, and cache slices, are read into leases from the stage's pool.
/// </summary>
public sealed class OpenDatasetStage(OpenDatasetOptions options) : ISourceStage<ImageFrame>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelWriter<ImageFrame> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        var path = context.ResolvePath(options.Path);
        if (DiffusionCacheReader.IsCache(path))
        {
            await StreamCacheAsync(context, path, output, cancellationToken);
            return;
        }

        using var source = NiftiFile.Open(path, cancellationToken);
        var h = source.Header;
        var pixelType = FramePixels.Of(h.DataType, source.Path);
        var selection = DatasetSelection.Select(source, DatasetSelection.Gradients(context, options.Bval, options.Bvec), options.DropB0, options.B0Threshold);
        var (width, height, depth) = (checked((int)h.Dim(0)), checked((int)h.Dim(1)), h.Dim(2));
        var sliceBytes = (long)width * height * h.DataType.BytesPerVoxel();
        var affine = source.Affine;
        context.Progress.SetTotal(selection.Count * depth, "slices");
        for (var f = 0; f < selection.Count; f++)
        {
            using var volume = source.MapVolume(selection.ToOriginal(new FilteredVolumeIndex(f)));
            for (var z = 0; z < depth; z++)
            {
                var slice = volume.Memory.Slice((int)(z * sliceBytes), (int)sliceBytes);
                IBufferLease lease;
                if (h.BigEndian)
                {
                    lease = await context.Pool.RentAsync(sliceBytes, cancellationToken);
                    lease.CopyFrom(slice.Span);
                    foreach (var segment in lease.Segments(sliceBytes))
                    {
                        VoxelSum.SwapInPlace(segment.Span, h.DataType);
                    }

                }
                else
                {
                    // A view of the slice, sharing the volume's mapping; the mapping goes when the last frame is disposed.
                    lease = new SliceLease(volume.Share(), (int)(z * sliceBytes), (int)sliceBytes);
                }

                var frame = new ImageFrame((f * depth) + z, new FrameLayout(pixelType, width, height, FrameSpace.FromAffine(affine, z)), lease);
                await output.WriteOrDisposeAsync(frame, cancellationToken);

                context.Progress.Advance(1);
            }
        }
    }

    /// <summary>Slices of an HDF5 diffusion cache: read a slice at a time into leases from the stage's pool.</summary>
    private async Task StreamCacheAsync(IStageContext context, string path, ChannelWriter<ImageFrame> output, CancellationToken cancellationToken)
    {
        using var cache = DiffusionCacheReader.Open(path);
        var pixelType = FramePixels.Of(cache.DataType, path);
        var keep = Enumerable.Range(0, cache.Volumes)
            .Where(v => !options.DropB0 || (cache.BValues ?? throw new DatasetDataException(path, "dropB0 needs /bvals, which this cache does not have"))[v] > options.B0Threshold)
            .ToList();
        var (width, height) = (checked((int)cache.X), checked((int)cache.Y));
        var sliceBytes = cache.X * cache.Y * cache.DataType.BytesPerVoxel();
        context.Progress.SetTotal(keep.Count * cache.Z, "slices");
        // One read a volume (a chunk holds whole volumes, so reading slice by slice would inflate it again each time).
        using var volume = await context.Pool.RentAsync(cache.VolumeBytes, cancellationToken);
        for (var f = 0; f < keep.Count; f++)
        {
            cache.ReadVolume(new FilteredVolumeIndex(keep[f]), volume.Span);
            for (var z = 0; z < cache.Z; z++)
            {
                var lease = await context.Pool.RentAsync(sliceBytes, cancellationToken);
                ImageFrame frame;
                try
                {
                    lease.CopyFrom(volume.Span.Slice((int)(z * sliceBytes), (int)sliceBytes));
                    frame = new ImageFrame((f * cache.Z) + z, new FrameLayout(pixelType, width, height, FrameSpace.FromAffine(cache.Affine, z)), lease);
                }
                catch
                {
                    lease.Dispose();
                    throw;
                }

                await output.WriteOrDisposeAsync(frame, cancellationToken);

                context.Progress.Advance(1);
            }
        }
    }

}
