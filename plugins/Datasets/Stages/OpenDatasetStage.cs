using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Plugins.Datasets.Volumes;

namespace Conduit.Plugins.Datasets.Stages;

/// <summary>
/// <c>datasets.open</c>: streams the slices of the kept volumes of a NIfTI image as frames, in order (filtered volume ×
/// depth + slice). Little-endian slices are zero-copy views of the mapped file; big-endian ones are swapped into leases
/// from the stage's pool.
/// </summary>
public sealed class OpenDatasetStage(OpenDatasetOptions options) : ISourceStage<ImageFrame>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelWriter<ImageFrame> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        using var source = NiftiFile.Open(context.ResolvePath(options.Path));
        var h = source.Header;
        var pixelType = PixelTypeOf(h.DataType, source.Path);
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
                    slice.Span.CopyTo(lease.Span);
                    VoxelSum.SwapInPlace(lease.Span[..(int)sliceBytes], h.DataType);
                }
                else
                {
                    // A view of the slice, sharing the volume's mapping; the mapping goes when the last frame is disposed.
                    lease = new SliceLease(volume.Share(), (int)(z * sliceBytes), (int)sliceBytes);
                }

                var frame = new ImageFrame((f * depth) + z, new FrameLayout(pixelType, width, height, FrameSpace.FromAffine(affine, z)), lease);
                try
                {
                    await output.WriteAsync(frame, cancellationToken);
                }
                catch
                {
                    frame.Dispose();
                    throw;
                }

                context.Progress.Advance(1);
            }
        }
    }

    internal static PixelType PixelTypeOf(NiftiDataType type, string path) => type switch
    {
        NiftiDataType.UInt8 => PixelType.UInt8,
        NiftiDataType.Int16 => PixelType.Int16,
        NiftiDataType.UInt16 => PixelType.UInt16,
        NiftiDataType.Int32 => PixelType.Int32,
        NiftiDataType.UInt32 => PixelType.UInt32,
        NiftiDataType.Float32 => PixelType.Float32,
        NiftiDataType.Float64 => PixelType.Float64,
        _ => throw new DatasetDataException(path, $"{type.Name()} voxels have no frame pixel type; datasets.open streams uint8, int16, uint16, int32, uint32, float32 and float64 images"),
    };
}
