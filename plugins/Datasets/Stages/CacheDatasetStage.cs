using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Datasets.Caching;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Plugins.Datasets.Volumes;

namespace Conduit.Plugins.Datasets.Stages;

/// <summary>
/// <c>datasets.cache</c>: converts a NIfTI image (with its gradients and mask) into the HDF5 diffusion cache, writing
/// every byte once. It emits no messages; run it alone or beside other stages.
/// </summary>
public sealed class CacheDatasetStage(CacheDatasetOptions options) : ISourceStage<ImageFrame>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelWriter<ImageFrame> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var source = NiftiFile.Open(context.ResolvePath(options.Path), cancellationToken);
        var gradients = DatasetSelection.Gradients(context, options.Bval, options.Bvec);
        var selection = DatasetSelection.Select(source, gradients, options.DropB0, options.B0Threshold);
        // The conversion's volume and chunk, and the mask, live outside the pools: reserved before they exist.
        await using var held = new BudgetReservation(context.Budget);
        await held.AddAsync(CacheDatasetEstimator.PeakBytes(source.Header.VolumeBytes, options.VolumesPerChunk), cancellationToken);
        if (options.Mask is not null)
        {
            await held.AddAsync(source.Header.VolumeVoxels * (1 + sizeof(double)), cancellationToken);
        }

        var mask = options.Mask is null ? null : ReadMask(context.ResolvePath(options.Mask), source.Header);
        await using var file = context.CreateOutputFile(options.Output);
        context.Progress.SetTotal(selection.Count, "volumes");
        var done = 0;
        DiffusionCacheWriter.Write(source, file.Stream, selection, new DiffusionCacheOptions
        {
            VolumesPerChunk = options.VolumesPerChunk,
            Compress = options.Compress,
            Gradients = gradients,
            Mask = mask,
        }, written => context.Progress.Advance(written - Interlocked.Exchange(ref done, written)), cancellationToken);
        await file.CompleteAsync(cancellationToken);
    }

    private static byte[] ReadMask(string path, NiftiHeader image)
    {
        using var mask = NiftiFile.Open(path);
        var h = mask.Header;
        if (h.Dim(0) != image.Dim(0) || h.Dim(1) != image.Dim(1) || h.Dim(2) != image.Dim(2))
        {
            throw new DatasetDataException(path, $"the mask is {h.Dim(0)} × {h.Dim(1)} × {h.Dim(2)}, the image {image.Dim(0)} × {image.Dim(1)} × {image.Dim(2)}");
        }

        var bytes = new byte[h.VolumeBytes];
        mask.ReadVolume(new VolumeIndex(0), bytes);
        var width = h.DataType.BytesPerVoxel();
        var result = new byte[h.VolumeVoxels];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = bytes.AsSpan(i * width, width).IndexOfAnyExcept((byte)0) >= 0 ? (byte)1 : (byte)0;
        }

        return result;
    }
}
