using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Conduit.Plugins.Recon.Backprojection;
using Conduit.Plugins.Recon.Geometry;
using Conduit.Plugins.Recon.Loading;
using Conduit.Plugins.Recon.Phantom;

namespace Conduit.Benchmarks.Recon;

/// <summary>
/// <c>recon-fbp SIZE ANGLES DIR [REPS]</c>: draws the Shepp-Logan phantom, projects it analytically, writes both as
/// <c>.npy</c> for the peer script, times our CPU reconstruction and writes it too. Prints one JSON line.
/// </summary>
internal static class FbpComparison
{
    public static int Run(int size, int angles, string directory, int repetitions)
    {
        Directory.CreateDirectory(directory);
        var geometry = ParallelBeamGeometry.Uniform(angles, size);
        var phantom = new float[size * size];
        SheppLoganPhantom.Draw(phantom, size);
        var sinogram = new float[angles * size];
        SheppLoganPhantom.Project(sinogram, geometry, size);
        WriteNpy(Path.Combine(directory, "phantom.npy"), phantom, [size, size]);
        WriteNpy(Path.Combine(directory, "sinogram.npy"), sinogram, [angles, size]);

        var settings = new FbpSettings { OutputSize = size };
        var fbp = new CpuFbp(geometry, settings, Environment.ProcessorCount);
        var input = new byte[geometry.SinogramBytes];
        var output = new byte[settings.SliceBytes];
        var scratch = new byte[fbp.ScratchBytes(1)];
        var seconds = new List<double>();
        for (var i = 0; i <= repetitions; i++)
        {
            MemoryMarshal.AsBytes(sinogram.AsSpan()).CopyTo(input);
            var clock = Stopwatch.StartNew();
            fbp.Reconstruct([input], [output], scratch);
            if (i > 0)
            {
                seconds.Add(clock.Elapsed.TotalSeconds);
            }
        }

        // The filtering alone: the same sinogram into a 1-pixel image, whose back-projection costs nothing.
        var filterOnly = new CpuFbp(geometry, new FbpSettings { OutputSize = 1 }, Environment.ProcessorCount);
        var filterSeconds = new List<double>();
        for (var i = 0; i <= repetitions; i++)
        {
            MemoryMarshal.AsBytes(sinogram.AsSpan()).CopyTo(input);
            var clock = Stopwatch.StartNew();
            filterOnly.Reconstruct([input], [new byte[4]], scratch);
            if (i > 0)
            {
                filterSeconds.Add(clock.Elapsed.TotalSeconds);
            }
        }

        filterSeconds.Sort();
        var image = MemoryMarshal.Cast<byte, float>(output.AsSpan());
        WriteNpy(Path.Combine(directory, "conduit.npy"), image.ToArray(), [size, size]);
        double sum = 0;
        for (var i = 0; i < image.Length; i++)
        {
            var d = (double)image[i] - phantom[i];
            sum += d * d;
        }

        seconds.Sort();
        var median = seconds[seconds.Count / 2];
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{{\"tool\": \"conduit-cpu\", \"size\": {size}, \"angles\": {angles}, \"threads\": {Environment.ProcessorCount}, \"seconds\": {median:F4}, \"bestSeconds\": {seconds[0]:F4}, \"filterSeconds\": {filterSeconds[filterSeconds.Count / 2]:F4}, \"rmse\": {Math.Sqrt(sum / image.Length):F5}, \"gups\": {(double)size * size * angles / median / 1e9:F3}}}");
        Console.WriteLine(line);
        return 0;
    }

    private static void WriteNpy(string path, float[] data, long[] shape)
    {
        using var file = File.Create(path);
        file.Write(NpyHeader.Write(shape));
        file.Write(MemoryMarshal.AsBytes(data.AsSpan()));
    }
}
