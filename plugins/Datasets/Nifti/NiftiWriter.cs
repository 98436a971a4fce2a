using System.Buffers.Binary;

namespace Conduit.Plugins.Datasets.Nifti;

/// <summary>
/// Writes a single-file little-endian NIfTI-1 or NIfTI-2 image to a seekable stream, volume by volume: the header (with
/// any extensions) first, then each volume as it comes. <see cref="CompleteAsync"/> rewrites the header with the number
/// of volumes actually written, so the caller need not know it in advance.
/// </summary>
public sealed class NiftiWriter
{
    private readonly Stream _stream;
    private NiftiHeader _header;
    private long _volumes;

    private NiftiWriter(Stream stream, NiftiHeader header)
    {
        _stream = stream;
        _header = header;
    }

    /// <summary>Bytes of the header, extensions included, for <paramref name="extensions"/>.</summary>
    public static long VoxOffsetFor(int version, IReadOnlyList<NiftiExtension> extensions)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        var size = (version == 1 ? NiftiHeader.Nifti1Size : NiftiHeader.Nifti2Size) + 4L + extensions.Sum(e => ExtensionSize(e));
        return (size + 15) / 16 * 16;
    }

    /// <summary>Starts an image: <paramref name="header"/> gives version, datatype, x/y/z sizes, voxel sizes, scaling and
    /// the transform fields; its fourth dimension and <c>vox_offset</c> are set by the writer.</summary>
    public static async Task<NiftiWriter> BeginAsync(Stream stream, NiftiHeader header, IReadOnlyList<NiftiExtension>? extensions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(header);
        extensions ??= [];
        var voxOffset = VoxOffsetFor(header.Version, extensions);
        var writer = new NiftiWriter(stream, header with { VoxOffset = voxOffset, Magic = header.Version == 1 ? "n+1" : "n+2", BigEndian = false });
        var head = new byte[voxOffset];
        writer.WriteHeader(head, 0, null);
        var at = writer._header.Size;
        head[at] = extensions.Count > 0 ? (byte)1 : (byte)0;
        at += 4;
        foreach (var extension in extensions)
        {
            var size = ExtensionSize(extension);
            BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(at), size);
            BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(at + 4), extension.Code);
            extension.Data.CopyTo(head, at + 8);
            at += size;
        }

        stream.Position = 0;
        await stream.WriteAsync(head, cancellationToken);
        return writer;
    }

    /// <summary>Bytes each volume must have.</summary>
    public long VolumeBytes => _header.Dim(0) * _header.Dim(1) * _header.Dim(2) * _header.DataType.BytesPerVoxel();

    /// <summary>Appends one volume of little-endian voxels.</summary>
    public async ValueTask WriteVolumeAsync(ReadOnlyMemory<byte> volume, CancellationToken cancellationToken = default)
    {
        if (volume.Length != VolumeBytes)
        {
            throw new ArgumentException($"a volume of {string.Join(" × ", _header.Dims.Take(3))} {_header.DataType.Name()} has {VolumeBytes} bytes, this one has {volume.Length}", nameof(volume));
        }

        await _stream.WriteAsync(volume, cancellationToken);
        _volumes++;
    }

    /// <summary>Appends part of a volume (for slice-by-slice writing); the caller keeps volumes whole.</summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> voxels, CancellationToken cancellationToken = default) => _stream.WriteAsync(voxels, cancellationToken);

    /// <summary>Rewrites the header with <paramref name="volumes"/> volumes (default: those written whole), and, when
    /// given, <paramref name="depth"/> slices a volume and the transform fields of <paramref name="transform"/>.</summary>
    public async Task CompleteAsync(long? volumes = null, long? depth = null, NiftiHeader? transform = null, CancellationToken cancellationToken = default)
    {
        if (transform is not null)
        {
            _header = _header with { PixDim = transform.PixDim, SformCode = transform.SformCode, SRows = transform.SRows, QformCode = transform.QformCode, Quaternion = transform.Quaternion, QOffset = transform.QOffset };
        }

        var count = volumes ?? _volumes;
        var end = _stream.Position;
        var head = new byte[_header.Size + 4];
        WriteHeader(head, count, depth);
        _stream.Position = 0;
        await _stream.WriteAsync(head.AsMemory(0, _header.Size), cancellationToken);
        _stream.Position = end;
        await _stream.FlushAsync(cancellationToken);
    }

    private void WriteHeader(Span<byte> destination, long volumes, long? depth)
    {
        var dims = _header.Dims.Take(3).ToList();
        while (dims.Count < 3)
        {
            dims.Add(1);
        }

        if (depth is { } z)
        {
            dims[2] = z;
        }

        // A 4D image keeps its fourth dimension even with one volume (nibabel reports the shape as written).
        if (volumes > 1 || _header.Dims.Count > 3)
        {
            dims.Add(volumes);
        }

        NiftiHeaderWriter.Write(_header with { Dims = dims }, destination);
    }

    private static int ExtensionSize(NiftiExtension extension) => (8 + extension.Data.Length + 15) / 16 * 16;
}
