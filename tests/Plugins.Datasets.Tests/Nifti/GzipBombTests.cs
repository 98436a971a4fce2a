using System.IO.Compression;
using Conduit.Plugins.Datasets.Caching;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Testing.Files;

namespace Conduit.Plugins.Datasets.Tests.Nifti;

/// <summary>A <c>.nii.gz</c> whose header claims more than the disk holds, and one that takes long to decompress: the
/// first is refused before a byte is written, the second stops when cancelled (checked every MiB); neither leaves a
/// temporary file.</summary>
public sealed class GzipBombTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_header_claiming_more_than_the_free_disk_is_refused_before_decompressing()
    {
        // 8192³ float32 = 2 TiB declared; the file itself is a header and 1 MiB of zeros.
        var path = await WriteAsync("bomb.nii.gz", [8192, 8192, 8192], zeros: 1 << 20);
        var before = TemporaryFiles.OwnedByThisProcess();

        var error = Assert.Throws<DatasetDataException>(() => NiftiFile.Open(path));

        Assert.Contains("decompressing needs 2 TiB more in", error.Message, StringComparison.Ordinal);
        Assert.Contains("set CONDUIT_DATASETS_TEMP", error.Message, StringComparison.Ordinal);
        // Other tests of this process open and close images meanwhile: only files this open left behind count.
        Assert.Empty(TemporaryFiles.OwnedByThisProcess().Except(before));
    }

    [Fact]
    public async Task Cancelling_a_long_decompression_stops_it_and_removes_the_temporary_file()
    {
        // 1 GiB of zeros declared and present: seconds of work, a few MiB on disk.
        var path = await WriteAsync("long.nii.gz", [1024, 1024, 256], zeros: 1L << 30);
        var before = TemporaryFiles.OwnedByThisProcess();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.Throws<OperationCanceledException>(() => NiftiFile.Open(path, cancel.Token));

        // Other tests of this process open and close images meanwhile: only files this open left behind count.
        Assert.Empty(TemporaryFiles.OwnedByThisProcess().Except(before));
    }

    /// <summary>A NIfTI-1 float32 header for <paramref name="dims"/>, then <paramref name="zeros"/> zero bytes, gzipped.</summary>
    private async Task<string> WriteAsync(string name, long[] dims, long zeros)
    {
        var header = new byte[352];
        NiftiHeaderWriter.Write(new NiftiHeader { Version = 1, Dims = dims, DataType = NiftiDataType.Float32, PixDim = [1, 1, 1, 1, 1, 1, 1, 1], VoxOffset = 352, SclSlope = 1 }, header);
        var path = _directory.File(name);
        await using var file = File.Create(path);
        await using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        await gzip.WriteAsync(header, TestContext.Current.CancellationToken);
        var block = new byte[1 << 20];
        for (long left = zeros; left > 0; left -= block.Length)
        {
            await gzip.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, left)), TestContext.Current.CancellationToken);
        }

        return path;
    }
}
