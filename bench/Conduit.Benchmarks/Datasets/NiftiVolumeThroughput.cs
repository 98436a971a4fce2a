using System.Diagnostics;
using System.Globalization;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Plugins.Datasets.Volumes;

namespace Conduit.Benchmarks.Datasets;

/// <summary>
/// <c>nifti-make FILE X Y Z T</c> writes an int16 test image volume by volume; <c>nifti-volumes FILE</c> opens an image,
/// sums one volume (RSS before and after), then sums every volume, and prints times and RSS figures.
/// </summary>
internal static class NiftiVolumeThroughput
{
    public static async Task<int> MakeAsync(string path, int x, int y, int z, int t)
    {
        var header = new NiftiHeader { Version = 1, Dims = [x, y, z], DataType = NiftiDataType.Int16, PixDim = [1, 2, 2, 2, 1, 1, 1, 1], SclSlope = 1, SformCode = 1, SRows = [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0] };
        await using var stream = File.Create(path);
        var writer = await NiftiWriter.BeginAsync(stream, header);
        var volume = new byte[writer.VolumeBytes];
        for (var v = 0; v < t; v++)
        {
            for (var i = 0; i < volume.Length; i += 2)
            {
                volume[i] = (byte)((i >> 1) + v);
                volume[i + 1] = (byte)(v & 0x3f);
            }

            await writer.WriteVolumeAsync(volume);
        }

        await writer.CompleteAsync(t);
        return 0;
    }

    public static int Run(string path)
    {
        var clock = Stopwatch.StartNew();
        using var nifti = NiftiFile.Open(path);
        var open = clock.Elapsed;
        var before = Status("VmRSS:");
        clock.Restart();
        var first = nifti.RawSum(new VolumeIndex(0));
        var one = clock.Elapsed;
        var afterOne = Status("VmRSS:");
        clock.Restart();
        long total = 0;
        long peakGrowth = 0;
        for (var v = 0; v < nifti.VolumeCount; v++)
        {
            total += nifti.RawSum(new VolumeIndex(v)).Integer;
            peakGrowth = Math.Max(peakGrowth, Status("VmRSS:") - before);
        }

        var all = clock.Elapsed;
        var bytes = nifti.Header.VolumeBytes * nifti.VolumeCount;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reader=conduit file={Path.GetFileName(path)} GiB={bytes / (double)(1L << 30):F2} volume_MiB={nifti.Header.VolumeBytes / 1048576.0:F1} open_s={open.TotalSeconds:F4} one_volume_s={one.TotalSeconds:F4} rss_growth_one_volume_MiB={(afterOne - before) / 1048576.0:F1} all_volumes_s={all.TotalSeconds:F2} GB_per_s={bytes / 1e9 / all.TotalSeconds:F2} rss_growth_peak_MiB={peakGrowth / 1048576.0:F1} peak_rss_MiB={Status("VmHWM:") / 1048576.0:F1} first={first.Integer} sum={total}"));
        return 0;
    }

    private static long Status(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}
