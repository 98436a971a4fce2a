using System.Buffers;
using System.Runtime.InteropServices;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Plugins.Datasets.Volumes;
using PureHDF;
using PureHDF.Filters;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace Conduit.Plugins.Datasets.Caching;

/// <summary>
/// Converts a NIfTI image into the HDF5 diffusion cache (<see cref="DiffusionCacheLayout"/>) in one pass: each kept
/// volume is read from the mapping (or the decompressed copy) and written once, as one chunk, through PureHDF. Memory:
/// one volume (a pooled buffer) plus one chunk, which goes to the file as soon as the next one starts.
/// </summary>
public static class DiffusionCacheWriter
{
    /// <summary>Writes the cache to <paramref name="output"/> (a seekable stream).</summary>
    /// <param name="source">The image.</param>
    /// <param name="output">Where the HDF5 file goes.</param>
    /// <param name="selection">Which volumes to store, in order; null: all.</param>
    /// <param name="options">Chunking, compression, gradients, mask and motion.</param>
    /// <param name="progress">Called with the number of volumes written so far.</param>
    /// <param name="cancellationToken">Stops between volumes.</param>
    public static void Write(NiftiFile source, Stream output, VolumeSelection? selection, DiffusionCacheOptions options, Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        selection ??= VolumeSelection.All(source.VolumeCount);
        if (selection.OriginalCount != source.VolumeCount)
        {
            throw new ArgumentException($"the selection is over {selection.OriginalCount} volumes, the image has {source.VolumeCount}", nameof(selection));
        }

        switch (source.Header.DataType)
        {
            case NiftiDataType.UInt8: Write<byte>(source, output, selection, options, progress, cancellationToken); break;
            case NiftiDataType.Int8: Write<sbyte>(source, output, selection, options, progress, cancellationToken); break;
            case NiftiDataType.Int16: Write<short>(source, output, selection, options, progress, cancellationToken); break;
            case NiftiDataType.UInt16: Write<ushort>(source, output, selection, options, progress, cancellationToken); break;
            case NiftiDataType.Int32: Write<int>(source, output, selection, options, progress, cancellationToken); break;
            case NiftiDataType.UInt32: Write<uint>(source, output, selection, options, progress, cancellationToken); break;
            case NiftiDataType.Int64: Write<long>(source, output, selection, options, progress, cancellationToken); break;
            case NiftiDataType.UInt64: Write<ulong>(source, output, selection, options, progress, cancellationToken); break;
            case NiftiDataType.Float32: Write<float>(source, output, selection, options, progress, cancellationToken); break;
            case NiftiDataType.Float64: Write<double>(source, output, selection, options, progress, cancellationToken); break;
            default: throw new DatasetDataException(source.Path, $"{source.Header.DataType.Name()} images cannot be cached (one value per voxel is needed)");
        }
    }

    private static void Write<T>(NiftiFile source, Stream output, VolumeSelection selection, DiffusionCacheOptions options, Action<int>? progress, CancellationToken cancellationToken)
        where T : unmanaged
    {
        var h = source.Header;
        ulong x = (ulong)h.Dim(0), y = (ulong)h.Dim(1), z = (ulong)h.Dim(2), volumes = (ulong)selection.Count;
        var perChunk = (uint)Math.Clamp(options.VolumesPerChunk, 1, Math.Max(1, selection.Count));
        if (perChunk * h.VolumeBytes > int.MaxValue)
        {
            throw new ArgumentException($"volumesPerChunk {perChunk} × {h.VolumeBytes} bytes a volume passes the 2 GiB an HDF5 chunk may hold", nameof(options));
        }

        var creation = new H5DatasetCreation(ChunkCache: new OneChunkWritingCache(), Filters: options.Compress ? [ShuffleFilter.Id, DeflateFilter.Id] : null);
        var data = new H5Dataset<Memory<T>>(fileDims: [volumes, z, y, x], chunks: [perChunk, (uint)z, (uint)y, (uint)x], datasetCreation: creation);
        var affine = source.Affine;
        var file = new H5File
        {
            [DiffusionCacheLayout.Data] = data,
            [DiffusionCacheLayout.Affine] = new double[4, 4]
            {
                { affine[0], affine[1], affine[2], affine[3] },
                { affine[4], affine[5], affine[6], affine[7] },
                { affine[8], affine[9], affine[10], affine[11] },
                { affine[12], affine[13], affine[14], affine[15] },
            },
            [DiffusionCacheLayout.VolumeIndex] = selection.Kept.Select(v => v.Value).ToArray(),
            Attributes = new()
            {
                ["layout"] = DiffusionCacheLayout.Name,
                ["layout_version"] = DiffusionCacheLayout.Version,
                ["source"] = Path.GetFileName(source.Path),
                ["scl_slope"] = h.SclSlope,
                ["scl_inter"] = h.SclInter,
                ["voxel_size"] = new[] { h.PixDim[1], h.PixDim[2], h.PixDim[3] },
            },
        };
        if (options.Gradients is { } gradients)
        {
            if (gradients.Count != selection.OriginalCount)
            {
                throw new DatasetDataException(source.Path, $"the gradient table has {gradients.Count} entries, the image {selection.OriginalCount} volumes");
            }

            file[DiffusionCacheLayout.BValues] = selection.Kept.Select(v => gradients.BValues[v.Value]).ToArray();
            var bvecs = new double[selection.Count, 3];
            for (var i = 0; i < selection.Count; i++)
            {
                var (bx, by, bz) = gradients.BVectors[selection.Kept[i].Value];
                (bvecs[i, 0], bvecs[i, 1], bvecs[i, 2]) = (bx, by, bz);
            }

            file[DiffusionCacheLayout.BVectors] = bvecs;
        }

        if (options.Mask is { } mask)
        {
            if (mask.LongLength != (long)(x * y * z))
            {
                throw new ArgumentException($"the mask has {mask.LongLength} voxels, a volume {x * y * z}", nameof(options));
            }

            file[DiffusionCacheLayout.Mask] = new H5Dataset(mask, fileDims: [z, y, x]);
        }

        if (options.Motion is { } motion)
        {
            file[DiffusionCacheLayout.Motion] = new H5Dataset(motion, fileDims: [volumes, 4, 4]);
        }

        var count = checked((int)(x * y * z));
        var buffer = ArrayPool<T>.Shared.Rent(count);
        try
        {
            using var writer = file.BeginWrite(output);
            for (var i = 0; i < selection.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                source.ReadVolume(selection.Kept[i], MemoryMarshal.AsBytes(buffer.AsSpan(0, count)));
                writer.Write(data, buffer.AsMemory(0, count), fileSelection: new HyperslabSelection(4, [(ulong)i, 0, 0, 0], [1, z, y, x]));
                progress?.Invoke(i + 1);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer);
        }
    }
}
