using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.MemoryMappedFiles;
using Conduit.Abstractions.Memory;
using Conduit.Plugins.Datasets.Caching;
using Conduit.Plugins.Datasets.Volumes;

namespace Conduit.Plugins.Datasets.Nifti;

/// <summary>
/// An open NIfTI-1 or NIfTI-2 image. Uncompressed files are memory-mapped and volumes are handed out as views of the
/// mapping (no copy); a <c>.nii.gz</c> is decompressed once into a temporary file that is mapped the same way and
/// deleted when this is disposed. Nothing is read until a volume is asked for.
/// </summary>
public sealed class NiftiFile : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly TemporaryFile? _decompressed;

    private NiftiFile(string path, NiftiHeader header, IReadOnlyList<NiftiExtension> extensions, MemoryMappedFile map, TemporaryFile? decompressed)
    {
        Path = path;
        Header = header;
        Extensions = extensions;
        _map = map;
        _decompressed = decompressed;
    }

    /// <summary>The file as opened.</summary>
    public string Path { get; }

    /// <summary>The header.</summary>
    public NiftiHeader Header { get; }

    /// <summary>Header extensions, in file order.</summary>
    public IReadOnlyList<NiftiExtension> Extensions { get; }

    /// <summary>Whether the file was gzip-compressed (and is read from a decompressed temporary copy).</summary>
    public bool Compressed => _decompressed is not null;

    /// <summary>The voxel-to-world affine, row-major 4 × 4 (see <see cref="NiftiAffine"/>).</summary>
    public double[] Affine => NiftiAffine.Of(Header);

    /// <summary>Volumes (1 for a 3D image).</summary>
    public int VolumeCount => (int)Header.Volumes;

    /// <summary>Opens a file.</summary>
    /// <param name="path">The image.</param>
    /// <param name="cancellationToken">Stops the decompression of a <c>.nii.gz</c> (checked every MiB).</param>
    /// <exception cref="DatasetDataException">The file is not a readable NIfTI image (the message says why and where),
    /// or its decompressed copy does not fit the temporary folder's disk.</exception>
    public static NiftiFile Open(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        using (var probe = File.OpenRead(path))
        {
            Span<byte> magic = stackalloc byte[2];
            if (probe.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
            {
                probe.Position = 0;
                return OpenCompressed(path, probe, cancellationToken);
            }
        }

        return OpenMapped(path, path, null);
    }

    /// <summary>Bytes of temporary disk that opening <paramref name="path"/> takes: the decompressed size a
    /// <c>.nii.gz</c>'s header declares, 0 for a <c>.nii</c> (mapped in place).</summary>
    /// <exception cref="DatasetDataException">The header is not a NIfTI header.</exception>
    public static long TemporaryDiskBytes(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using (var probe = File.OpenRead(path))
        {
            Span<byte> magic = stackalloc byte[2];
            if (probe.ReadAtLeast(magic, 2, throwOnEndOfStream: false) < 2 || magic[0] != 0x1f || magic[1] != 0x8b)
            {
                return 0;
            }
        }

        var header = ReadHeader(path);
        return header.VoxOffset + CheckedDataBytes(header, path);
    }

    /// <summary>Reads only the header of a file (for a <c>.nii.gz</c>, only the first bytes are decompressed).</summary>
    /// <exception cref="DatasetDataException">Not a NIfTI header.</exception>
    public static NiftiHeader ReadHeader(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        var gz = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        using var stream = gz ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : (Stream)file;
        var head = new byte[NiftiHeader.Nifti2Size + 4];
        try
        {
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return NiftiHeader.Parse(head.AsSpan(0, read), path);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetDataException(path, $"the gzip stream is corrupt: {e.Message}");
        }
    }

    /// <summary>Maps volume <paramref name="index"/> as stored (file byte order): a zero-copy view.</summary>
    public IBufferLease MapVolume(VolumeIndex index)
    {
        var (offset, length) = VolumeRange(index);
        return new MappedViewLease(_map, offset, length);
    }

    /// <summary>Copies volume <paramref name="index"/> into <paramref name="destination"/> in little-endian order.</summary>
    public void ReadVolume(VolumeIndex index, Span<byte> destination)
    {
        using var view = MapVolume(index);
        view.Span.CopyTo(destination);
        if (Header.BigEndian)
        {
            VoxelSum.SwapInPlace(destination[..view.Span.Length], Header.DataType);
        }
    }

    /// <summary>The sum of the stored values of one volume.</summary>
    public VoxelSum RawSum(VolumeIndex index)
    {
        if (!Header.BigEndian)
        {
            using var view = MapVolume(index);
            return VoxelSum.Of(view.Span, Header.DataType);
        }

        var copy = new byte[Header.VolumeBytes];
        ReadVolume(index, copy);
        return VoxelSum.Of(copy, Header.DataType);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _map.Dispose();
        _decompressed?.Dispose();
    }

    private (long Offset, int Length) VolumeRange(VolumeIndex index)
    {
        if (index.Value < 0 || index.Value >= Header.Volumes)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index.Value, $"{System.IO.Path.GetFileName(Path)} has {Header.Volumes} volumes");
        }

        if (Header.VolumeBytes > int.MaxValue)
        {
            throw new DatasetDataException(Path, $"one volume is {Header.VolumeBytes} bytes; volumes over 2 GiB are not supported");
        }

        return (Header.VoxOffset + (index.Value * Header.VolumeBytes), (int)Header.VolumeBytes);
    }

    private static NiftiFile OpenCompressed(string path, Stream compressed, CancellationToken cancellationToken)
    {
        // The header comes first, so no more than the image it describes is ever decompressed (a gzip bomb stops there),
        // and that much must fit the temporary folder's disk before a byte is written, and go on fitting while it is.
        var header = ReadHeader(path);
        var limit = header.VoxOffset + CheckedDataBytes(header, path);
        TemporaryFiles.RequireSpace(path, limit);
        var temporary = TemporaryFiles.Create();
        try
        {
            using (var gzip = new GZipStream(compressed, CompressionMode.Decompress))
            using (var output = new FileStream(temporary.Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                var buffer = new byte[1 << 20];
                long written = 0;
                for (long left = limit; left > 0;)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var read = gzip.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                    if (read == 0)
                    {
                        break;
                    }

                    output.Write(buffer, 0, read);
                    left -= read;
                    written += read;
                    if (written % (256L << 20) < read)
                    {
                        TemporaryFiles.RequireSpace(path, left);
                    }
                }
            }

            return OpenMapped(temporary.Path, path, temporary);
        }
        catch (InvalidDataException e)
        {
            temporary.Dispose();
            throw new DatasetDataException(path, $"the gzip stream is corrupt: {e.Message}");
        }
        catch
        {
            temporary.Dispose();
            throw;
        }
    }

    private static NiftiFile OpenMapped(string dataPath, string path, TemporaryFile? temporary)
    {
        var length = new FileInfo(dataPath).Length;
        var head = new byte[(int)Math.Min(length, NiftiHeader.Nifti2Size + 4)];
        using (var stream = File.OpenRead(dataPath))
        {
            stream.ReadExactly(head);
        }

        var header = NiftiHeader.Parse(head, path);
        if (!header.SingleFile)
        {
            throw new DatasetDataException(path, $"magic \"{header.Magic}\" marks a header with its data in a separate .img file; only single-file images (n+1, n+2) are read");
        }

        if (header.VoxOffset < header.Size)
        {
            throw new DatasetDataException(path, $"vox_offset is {header.VoxOffset}, inside the {header.Size}-byte header", header.Version == 1 ? 108 : 168);
        }

        var dataBytes = CheckedDataBytes(header, path);
        if (header.VoxOffset > length || dataBytes > length - header.VoxOffset)
        {
            throw new DatasetDataException(path, header.VoxOffset > length
                ? $"vox_offset {header.VoxOffset} lies past the end of the {(temporary is null ? string.Empty : "decompressed ")}file ({length} bytes)"
                : $"the data needs bytes {header.VoxOffset}..{header.VoxOffset + dataBytes - 1} ({string.Join(" × ", header.Dims)} {header.DataType.Name()}), but the {(temporary is null ? string.Empty : "decompressed ")}file ends at byte {length - 1}: it is truncated", header.VoxOffset);
        }

        var map = MemoryMappedFile.CreateFromFile(dataPath, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        try
        {
            return new NiftiFile(path, header, ReadExtensions(map, header, path), map, temporary);
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    /// <summary>Bytes of the voxel data; refuses more than int.MaxValue volumes or a size that overflows.</summary>
    private static long CheckedDataBytes(NiftiHeader header, string path)
    {
        if (header.Volumes > int.MaxValue)
        {
            throw new DatasetDataException(path, $"the dimensions {string.Join(" × ", header.Dims)} make {header.Volumes} volumes, more than this reader indexes");
        }

        return header.VolumeBytes > long.MaxValue / header.Volumes || header.VoxOffset > long.MaxValue - (header.Volumes * header.VolumeBytes)
            ? throw new DatasetDataException(path, $"the dimensions {string.Join(" × ", header.Dims)} describe more bytes than a file can hold")
            : header.Volumes * header.VolumeBytes;
    }

    private static List<NiftiExtension> ReadExtensions(MemoryMappedFile map, NiftiHeader header, string path)
    {
        var extensions = new List<NiftiExtension>();
        if (header.VoxOffset < header.Size + 4)
        {
            return extensions;
        }

        using var view = new MappedViewLease(map, header.Size, (int)Math.Min(header.VoxOffset - header.Size, int.MaxValue));
        var bytes = view.Span;
        if (bytes[0] == 0)
        {
            return extensions;
        }

        for (var at = 4; at + 8 <= bytes.Length;)
        {
            var size = header.BigEndian ? BinaryPrimitives.ReadInt32BigEndian(bytes[at..]) : BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
            var code = header.BigEndian ? BinaryPrimitives.ReadInt32BigEndian(bytes[(at + 4)..]) : BinaryPrimitives.ReadInt32LittleEndian(bytes[(at + 4)..]);
            if (size < 8 || size > bytes.Length - at)
            {
                throw new DatasetDataException(path, $"header extension at byte {header.Size + at} has esize {size}, expected 8 to {bytes.Length - at} (it must end before vox_offset {header.VoxOffset})", header.Size + at);
            }

            extensions.Add(new NiftiExtension(code, bytes.Slice(at + 8, size - 8).ToArray()));
            at += size;
        }

        return extensions;
    }
}
