using System.Buffers.Binary;
using System.Globalization;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Plugins.Datasets.Tests.Caching;
using Conduit.Plugins.Datasets.Volumes;
using Conduit.Testing.Files;

namespace Conduit.Plugins.Datasets.Tests.Nifti;

/// <summary>
/// A 2 GiB 4D image (a sparse file: a real header, data that reads as zeros): opening it and reading one volume grows
/// the resident set by about that volume, and walking every volume keeps it bounded, because each volume is a mapped
/// view that is unmapped when its lease is disposed.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class LargeImageMemoryTests : IDisposable
{
    private const int X = 256, Y = 256, Z = 128, Volumes = 128;
    private const long VolumeBytes = (long)X * Y * Z * 2;
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Reading_one_volume_of_a_2_GiB_image_grows_RSS_by_less_than_1_2_volumes_and_walking_all_stays_bounded()
    {
        var path = CreateSparseImage();
        using var nifti = NiftiFile.Open(path);
        Assert.Equal(2L << 30, nifti.Header.Volumes * nifti.Header.VolumeBytes);

        // Warm up the code paths first, so that JIT and first-use allocations are not counted as the volume.
        _ = nifti.RawSum(new VolumeIndex(Volumes - 1));
        Settle();
        var before = Rss();
        var sum = nifti.RawSum(new VolumeIndex(3));
        var grown = Rss() - before;

        Assert.Equal(0, sum.Integer);
        Assert.True(grown < 1.2 * VolumeBytes, string.Create(CultureInfo.InvariantCulture, $"RSS grew {grown / 1048576.0:F1} MiB reading one {VolumeBytes / 1048576} MiB volume"));

        long peak = 0;
        for (var v = 0; v < Volumes; v++)
        {
            _ = nifti.RawSum(new VolumeIndex(v));
            peak = Math.Max(peak, Rss() - before);
        }

        Assert.True(peak < 4 * VolumeBytes, string.Create(CultureInfo.InvariantCulture, $"RSS grew up to {peak / 1048576.0:F1} MiB walking {Volumes} volumes of {VolumeBytes / 1048576} MiB"));
    }

    private string CreateSparseImage()
    {
        var header = new byte[352];
        BinaryPrimitives.WriteInt32LittleEndian(header, 348);
        short[] dims = [4, X, Y, Z, Volumes, 1, 1, 1];
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(40 + (2 * i)), dims[i]);
            BinaryPrimitives.WriteSingleLittleEndian(header.AsSpan(76 + (4 * i)), 1);
        }

        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(70), 4);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(72), 16);
        BinaryPrimitives.WriteSingleLittleEndian(header.AsSpan(108), 352);
        "n+1\0"u8.CopyTo(header.AsSpan(344));
        var path = _directory.File("large.nii");
        using var file = File.Create(path);
        file.Write(header);
        file.SetLength(352 + (Volumes * VolumeBytes));
        return path;
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static long Rss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("no VmRSS in /proc/self/status");
    }
}
