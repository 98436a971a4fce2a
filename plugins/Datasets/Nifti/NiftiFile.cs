using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.MemoryMappedFiles;
using Conduit.Abstractions.Memory;
using Conduit.Plugins.Datasets.Caching;
using Conduit.Plugins.Datasets.Volumes;

namespace Conduit.Plugins.Datasets.Nifti;

/// <summary>
/// An open NIfTI-1 or NIfTI-2 image: one <c>.nii</c> file, or a <c>.hdr</c>/<c>.img</c> pair (<see cref="NiftiPair"/>).
/// Uncompressed files are memory-mapped and volumes are handed out as views of the mapping (no copy); a gzipped image
/// is decompressed once into a temporary file that is mapped the same way and deleted when this is disposed. Nothing
/// is read until a volume is asked for.
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

    /// <summary>Opens an image: a <c>.nii</c> or <c>.nii.gz</c>, or either file of a pair.</summary>
    /// <param name="path">The image.</param>
    /// <param name="cancellationToken">Stops the decompression of a gzipped image (checked every MiB).</param>
    /// <exception cref="DatasetDataException">The file is not a readable NIfTI image (the message says why and where),
    /// or its decompressed copy does not fit the temporary folder's disk.</exception>
    public static NiftiFile Open(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (NiftiPair.Of(path) is { } pair)
        {
            return OpenPair(path, pair, cancellationToken);
        }

        if (IsGzip(path))
        {
            var header = ReadHeader(path);
            var temporary = Decompress(path, header.VoxOffset + CheckedDataBytes(header, path), cancellationToken);
            return OwningTemporary(temporary, () => OpenMapped(temporary.Path, path, temporary));
        }

        return OpenMapped(path, path, null);
    }

    /// <summary>Bytes of temporary disk that opening <paramref name="path"/> takes: the decompressed size a gzipped
    /// image's header declares, 0 for an uncompressed one (mapped in place).</summary>
    /// <exception cref="DatasetDataException">The header is not a NIfTI header.</exception>
    public static long TemporaryDiskBytes(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var image = NiftiPair.Of(path)?.Image ?? path;
        if (!IsGzip(image))
        {
            return 0;
        }

        var header = ReadHeader(path);
        return header.VoxOffset + CheckedDataBytes(header, image);
    }

    /// <summary>Reads only the header of an image (for a gzipped one, only the first bytes are decompressed; for a
    /// pair, the <c>.hdr</c>).</summary>
    /// <exception cref="DatasetDataException">Not a NIfTI header.</exception>
    public static NiftiHeader ReadHeader(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var headerPath = NiftiPair.Of(path)?.Header ?? path;
        var head = ReadStart(headerPath, NiftiHeader.Nifti2Size + 4);
        return NiftiHeader.Parse(head, headerPath);
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

    private static NiftiFile OpenPair(string path, NiftiPair pair, CancellationToken cancellationToken)
    {
        // Extensions follow the 348-byte header to the end of the .hdr; a .hdr larger than this is not a header.
        const int MaxHeaderFile = 16 << 20;
        var bytes = ReadStart(pair.Header, MaxHeaderFile + 1);
        if (bytes.Length > MaxHeaderFile)
        {
            throw new DatasetDataException(pair.Header, $"a NIfTI pair header of more than {MaxHeaderFile >> 20} MiB");
        }

        var header = NiftiHeader.Parse(bytes, pair.Header);
        if (header.SingleFile)
        {
            throw new DatasetDataException(pair.Header, $"magic \"{header.Magic}\" marks a single-file image, but this is the header of a .hdr/.img pair (expected \"ni1\" or \"ni2\")", header.Version == 1 ? 344 : 4);
        }

        var extensions = ReadExtensions(bytes.AsSpan(Math.Min(header.Size, bytes.Length)), header, pair.Header, header.Size);
        if (!IsGzip(pair.Image))
        {
            return OpenMapped(pair.Image, path, null, (header, extensions, pair.Image));
        }

        var temporary = Decompress(pair.Image, header.VoxOffset + CheckedDataBytes(header, pair.Image), cancellationToken);
        return OwningTemporary(temporary, () => OpenMapped(temporary.Path, path, temporary, (header, extensions, pair.Image)));
    }

    // Opens the image mapped from a decompressed copy; the copy is deleted when the opening fails.
    private static NiftiFile OwningTemporary(TemporaryFile temporary, Func<NiftiFile> open)
    {
        try
        {
            return open();
        }
        catch
        {
            temporary.Dispose();
            throw;
        }
    }

    private static bool IsGzip(string path)
    {
        using var probe = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        return probe.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    // The first `count` bytes of a file, decompressed when it is gzipped (fewer when it is shorter).
    private static byte[] ReadStart(string path, int count)
    {
        var gz = IsGzip(path);
        using var file = File.OpenRead(path);
        using var stream = gz ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : (Stream)file;
        // Grown as bytes arrive, so a large bound costs only what the file holds.
        using var start = new MemoryStream();
        var buffer = new byte[Math.Min(count, 64 << 10)];
        try
        {
            for (int read; start.Length < count && (read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count - start.Length))) > 0;)
            {
                start.Write(buffer, 0, read);
            }

            return start.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DatasetDataException(path, $"the gzip stream is corrupt: {e.Message}");
        }
    }

    private static TemporaryFile Decompress(string path, long limit, CancellationToken cancellationToken)
    {
        // The header comes first, so no more than the image it describes is ever decompressed (a gzip bomb stops there),
        // and that much is granted from the temporary folder's disk before a byte is written, and must go on fitting
        // while it is.
        var temporary = TemporaryFiles.Create(path, limit);
        try
        {
            using var compressed = File.OpenRead(path);
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
            using var output = new FileStream(temporary.Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
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
                    TemporaryFiles.Progress(path, temporary, left);
                }
            }

            return temporary;
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

    // Maps the voxels in dataPath (the image itself, or its decompressed copy). A single-file image carries its header;
    // a pair's comes read from its .hdr, with the .img named in messages.
    private static NiftiFile OpenMapped(string dataPath, string path, TemporaryFile? temporary, (NiftiHeader Header, List<NiftiExtension> Extensions, string Image)? pair = null)
    {
        var length = new FileInfo(dataPath).Length;
        NiftiHeader header;
        var named = pair?.Image ?? path;
        if (pair is { } known)
        {
            header = known.Header;
        }
        else
        {
            var head = new byte[(int)Math.Min(length, NiftiHeader.Nifti2Size + 4)];
            using (var stream = File.OpenRead(dataPath))
            {
                stream.ReadExactly(head);
            }

            header = NiftiHeader.Parse(head, path);
            if (!header.SingleFile)
            {
                throw new DatasetDataException(path, $"magic \"{header.Magic}\" marks the header of a .hdr/.img pair, not a single-file image: name it .hdr (its voxels in a .img beside it)", header.Version == 1 ? 344 : 4);
            }

            if (header.VoxOffset < header.Size)
            {
                throw new DatasetDataException(path, $"vox_offset is {header.VoxOffset}, inside the {header.Size}-byte header", header.Version == 1 ? 108 : 168);
            }
        }

        var dataBytes = CheckedDataBytes(header, named);
        if (header.VoxOffset > length || dataBytes > length - header.VoxOffset)
        {
            throw new DatasetDataException(named, header.VoxOffset > length
                ? $"vox_offset {header.VoxOffset} lies past the end of the {(temporary is null ? string.Empty : "decompressed ")}file ({length} bytes)"
                : $"the data needs bytes {header.VoxOffset}..{header.VoxOffset + dataBytes - 1} ({string.Join(" × ", header.Dims)} {header.DataType.Name()}), but the {(temporary is null ? string.Empty : "decompressed ")}file ends at byte {length - 1}: it is truncated", header.VoxOffset);
        }

        var map = MemoryMappedFile.CreateFromFile(dataPath, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        try
        {
            return new NiftiFile(path, header, pair?.Extensions ?? ReadExtensions(map, header, path), map, temporary);
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
        if (header.VoxOffset < header.Size + 4)
        {
            return [];
        }

        using var view = new MappedViewLease(map, header.Size, (int)Math.Min(header.VoxOffset - header.Size, int.MaxValue));
        return ReadExtensions(view.Span, header, path, header.Size);
    }

    // The extender (4 bytes, first byte non-zero when extensions follow) and the extensions in `bytes`, which start at
    // byte `start` of the file and end where the voxels (or the .hdr) do.
    private static List<NiftiExtension> ReadExtensions(ReadOnlySpan<byte> bytes, NiftiHeader header, string path, long start)
    {
        var extensions = new List<NiftiExtension>();
        if (bytes.Length < 4 || bytes[0] == 0)
        {
            return extensions;
        }

        for (var at = 4; at + 8 <= bytes.Length;)
        {
            var size = header.BigEndian ? BinaryPrimitives.ReadInt32BigEndian(bytes[at..]) : BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
            var code = header.BigEndian ? BinaryPrimitives.ReadInt32BigEndian(bytes[(at + 4)..]) : BinaryPrimitives.ReadInt32LittleEndian(bytes[(at + 4)..]);
            if (size < 8 || size > bytes.Length - at)
            {
                throw new DatasetDataException(path, $"header extension at byte {start + at} has esize {size}, expected 8 to {bytes.Length - at} (it must end before {(header.SingleFile ? $"vox_offset {header.VoxOffset}" : "the end of the .hdr")})", start + at);
            }

            extensions.Add(new NiftiExtension(code, bytes.Slice(at + 8, size - 8).ToArray()));
            at += size;
        }

        return extensions;
    }
}
