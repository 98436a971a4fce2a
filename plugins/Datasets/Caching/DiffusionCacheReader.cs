using System.Runtime.InteropServices;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Plugins.Datasets.Volumes;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace Conduit.Plugins.Datasets.Caching;

/// <summary>
/// Opens an HDF5 diffusion cache (<see cref="DiffusionCacheLayout"/>) through PureHDF: shape, type, affine, the original
/// index of each stored volume and the gradients; volumes are read one at a time (one chunk each), never all at once.
/// </summary>
public sealed class DiffusionCacheReader : IDisposable
{
    private readonly NativeFile _file;
    private readonly NativeDataset _data;

    private DiffusionCacheReader(string path, NativeFile file)
    {
        Path = path;
        _file = file;
        _data = (NativeDataset)file.Dataset(DiffusionCacheLayout.Data);
        var dims = _data.Space.Dimensions;
        if (dims.Length != 4)
        {
            throw new DatasetDataException(path, $"/{DiffusionCacheLayout.Data} has {dims.Length} dimensions, the layout has 4 (volumes, z, y, x)");
        }

        (Volumes, Z, Y, X) = (checked((int)dims[0]), (long)dims[1], (long)dims[2], (long)dims[3]);
        DataType = DataTypeOf(_data.Type, path);
        Affine = file.Dataset(DiffusionCacheLayout.Affine).Read<double[]>();
        OriginalIndices = [.. file.Dataset(DiffusionCacheLayout.VolumeIndex).Read<int[]>().Select(i => new VolumeIndex(i))];
        if (file.LinkExists(DiffusionCacheLayout.BValues))
        {
            BValues = file.Dataset(DiffusionCacheLayout.BValues).Read<double[]>();
        }

        HasMask = file.LinkExists(DiffusionCacheLayout.Mask);
        HasMotion = file.LinkExists(DiffusionCacheLayout.Motion);
        Source = file.AttributeExists("source") ? file.Attribute("source").Read<string>() : null;
        VoxelSize = file.AttributeExists("voxel_size") ? file.Attribute("voxel_size").Read<double[]>() : [1, 1, 1];
        (SclSlope, SclInter) = (
            file.AttributeExists("scl_slope") ? file.Attribute("scl_slope").Read<double>() : 0,
            file.AttributeExists("scl_inter") ? file.Attribute("scl_inter").Read<double>() : 0);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Stored volumes.</summary>
    public int Volumes { get; }

    /// <summary>Slices a volume.</summary>
    public long Z { get; }

    /// <summary>Rows a slice.</summary>
    public long Y { get; }

    /// <summary>Voxels a row.</summary>
    public long X { get; }

    /// <summary>The voxel type.</summary>
    public NiftiDataType DataType { get; }

    /// <summary>The affine, row-major 4 × 4.</summary>
    public double[] Affine { get; }

    /// <summary>The original index of each stored volume (the stored position is the filtered index).</summary>
    public IReadOnlyList<VolumeIndex> OriginalIndices { get; }

    /// <summary>b-values of the stored volumes, if the cache has them.</summary>
    public IReadOnlyList<double>? BValues { get; }

    /// <summary>Whether the cache holds a brain mask.</summary>
    public bool HasMask { get; }

    /// <summary>Whether the cache holds motion affines.</summary>
    public bool HasMotion { get; }

    /// <summary>The NIfTI file the cache was made from (its name), when recorded.</summary>
    public string? Source { get; }

    /// <summary>Voxel size (x, y, z) in millimetres, as the source's pixdim.</summary>
    public IReadOnlyList<double> VoxelSize { get; }

    /// <summary>The source's scl_slope (0: no scaling).</summary>
    public double SclSlope { get; }

    /// <summary>The source's scl_inter.</summary>
    public double SclInter { get; }

    /// <summary>Bytes of one volume.</summary>
    public long VolumeBytes => X * Y * Z * DataType.BytesPerVoxel();

    /// <summary>Whether <paramref name="path"/> is an HDF5 file (by its signature), so to be opened as a cache.</summary>
    public static bool IsCache(string path)
    {
        Span<byte> signature = stackalloc byte[8];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(signature, 8, throwOnEndOfStream: false) == 8 && signature.SequenceEqual(Conduit.Plugins.Hdf5.Hdf5Layout.Signature);
    }

    /// <summary>Opens a cache.</summary>
    /// <exception cref="DatasetDataException">The file is not HDF5 or does not follow the layout.</exception>
    public static DiffusionCacheReader Open(string path)
    {
        NativeFile file;
        try
        {
            file = H5File.OpenRead(path);
        }
        catch (Exception e) when (e is not IOException and not UnauthorizedAccessException)
        {
            throw new DatasetDataException(path, $"not a readable HDF5 file: {e.Message}");
        }

        try
        {
            return new DiffusionCacheReader(path, file);
        }
        catch (Exception e) when (e is not DatasetDataException)
        {
            file.Dispose();
            throw new DatasetDataException(path, $"does not follow the {DiffusionCacheLayout.Name} layout: {e.Message}");
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads stored volume <paramref name="index"/> into <paramref name="destination"/> (little-endian).</summary>
    public void ReadVolume(FilteredVolumeIndex index, Span<byte> destination) => Read(index, 0, Z, destination[..checked((int)VolumeBytes)]);

    /// <summary>Reads slice <paramref name="z"/> of stored volume <paramref name="index"/> into <paramref name="destination"/>.</summary>
    public void ReadSlice(FilteredVolumeIndex index, long z, Span<byte> destination) =>
        Read(index, z, 1, destination[..checked((int)(X * Y * DataType.BytesPerVoxel()))]);

    private void Read(FilteredVolumeIndex index, long z, long slices, Span<byte> target)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index.Value);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index.Value, Volumes);
        var selection = new HyperslabSelection(4, [(ulong)index.Value, (ulong)z, 0, 0], [1, (ulong)slices, (ulong)Y, (ulong)X]);
        switch (DataType)
        {
            case NiftiDataType.UInt8: _data.Read(target, fileSelection: selection); break;
            case NiftiDataType.Int8: _data.Read(MemoryMarshal.Cast<byte, sbyte>(target), fileSelection: selection); break;
            case NiftiDataType.Int16: _data.Read(MemoryMarshal.Cast<byte, short>(target), fileSelection: selection); break;
            case NiftiDataType.UInt16: _data.Read(MemoryMarshal.Cast<byte, ushort>(target), fileSelection: selection); break;
            case NiftiDataType.Int32: _data.Read(MemoryMarshal.Cast<byte, int>(target), fileSelection: selection); break;
            case NiftiDataType.UInt32: _data.Read(MemoryMarshal.Cast<byte, uint>(target), fileSelection: selection); break;
            case NiftiDataType.Int64: _data.Read(MemoryMarshal.Cast<byte, long>(target), fileSelection: selection); break;
            case NiftiDataType.UInt64: _data.Read(MemoryMarshal.Cast<byte, ulong>(target), fileSelection: selection); break;
            case NiftiDataType.Float32: _data.Read(MemoryMarshal.Cast<byte, float>(target), fileSelection: selection); break;
            default: _data.Read(MemoryMarshal.Cast<byte, double>(target), fileSelection: selection); break;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private static NiftiDataType DataTypeOf(IH5DataType type, string path) => (type.Class, type.Size) switch
    {
        (H5DataTypeClass.FixedPoint, 1) => type.FixedPoint.IsSigned ? NiftiDataType.Int8 : NiftiDataType.UInt8,
        (H5DataTypeClass.FixedPoint, 2) => type.FixedPoint.IsSigned ? NiftiDataType.Int16 : NiftiDataType.UInt16,
        (H5DataTypeClass.FixedPoint, 4) => type.FixedPoint.IsSigned ? NiftiDataType.Int32 : NiftiDataType.UInt32,
        (H5DataTypeClass.FixedPoint, 8) => type.FixedPoint.IsSigned ? NiftiDataType.Int64 : NiftiDataType.UInt64,
        (H5DataTypeClass.FloatingPoint, 4) => NiftiDataType.Float32,
        (H5DataTypeClass.FloatingPoint, 8) => NiftiDataType.Float64,
        _ => throw new DatasetDataException(path, $"/{DiffusionCacheLayout.Data} has type {type.Class} of {type.Size} bytes; the layout stores integers or floats"),
    };
}
