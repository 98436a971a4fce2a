using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using Conduit.Testing.Files;
using Conduit.Testing.Processes;
using Conduit.Tests;

namespace Conduit.Host.Tests.Jobs;

/// <summary>
/// <c>config/mr-mprage.json</c> run as an operator runs it, in its own process: the 150 s 3D MPRAGE of the test data
/// played through the simulated cards onto the 3D phantom, reconstructed in 3D and compared with the ideal image,
/// computed here: the phantom's analytic transform at each line's nominal k, placed by its labels as the
/// reconstruction places it, and inverse transformed by direct sums along each axis.
/// </summary>
public sealed partial class MprageJobTests : IDisposable
{
    // Readout (z, 256 mm) × LIN (y, 240 mm) × PAR (x, 192 mm): pypulseq's write_mprage.
    private const int Read = 64, Lines = 60, Partitions = 48;
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_3d_mprage_images_the_3d_phantom_in_bounded_memory()
    {
        AcquisitionJobTests.RequireSimulator();
        ExternalTool.RequireLibrary("libismrmrd.so.1.8", "libismrmrd1.8");
        var job = _directory.File("mr-mprage.json");
        var text = (await File.ReadAllTextAsync(Path.Combine(TestPaths.Config, "mr-mprage.json"), TestContext.Current.CancellationToken))
            .Replace("../tests/data/pulseq/", TestData.Folder("pulseq") + "/", StringComparison.Ordinal)
            .Replace("world=mr-mprage", $"world=mr-{Guid.NewGuid():N}", StringComparison.Ordinal)
            .Replace("../out/mr-mprage/", "out/", StringComparison.Ordinal);
        await File.WriteAllTextAsync(job, text, TestContext.Current.CancellationToken);

        using var conduit = ConduitProcess.Start(_directory.Path, "run", job);
        var exit = await conduit.WaitAsync(TimeSpan.FromMinutes(10));

        Assert.True(exit == 0, $"exit {exit}\n{conduit.Output}\n{conduit.Error}");
        // 150 s at 2.5 MS/s is 3 GB of card samples: only a stream stays inside the job's budget (131 MiB measured).
        var rss = double.Parse(PeakRss().Match(conduit.Output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(rss <= 192, $"peak RSS {rss} MiB");
        var image = ReadNifti(_directory.File("out/image.nii"));
        var ideal = IdealImage();
        var scale = image.Zip(ideal, (a, b) => a * b).Sum() / image.Sum(a => a * a);
        var error = Math.Sqrt(image.Zip(ideal, (a, b) => Math.Pow((scale * a) - b, 2)).Sum() / ideal.Sum(b => b * b));
        // 1.07 % measured: the 2-code noise, the AWG's 15 bits, and gradient ramps sampled at 2.5 MS/s.
        Assert.True(error <= 0.02, $"normalised RMSE {error:P2} against the ideal image");
    }

    [GeneratedRegex(@"peak RSS ([0-9.]+) MiB")]
    private static partial Regex PeakRss();

    // The sequence encodes PAR p at k_x = −(p − 24) / 192 mm and LIN j at k_y = −(j − 30) / 240 mm (its phase-encode
    // areas count down), readout sample i at k_z = (i − 32) / 256 mm (its prephaser puts the middle of sample 32's dwell
    // at k = 0). The phantom's [−1, 1] spans 240 mm (phantom_fov). The reconstruction places lines by label, so the
    // ideal does too: both come out mirrored in x and y, as any label-driven reconstruction of this sequence would.
    private static double[] IdealImage()
    {
        const double half = 0.12;
        var k = new Complex[Partitions * Lines * Read];
        for (var p = 0; p < Partitions; p++)
        {
            for (var j = 0; j < Lines; j++)
            {
                for (var i = 0; i < Read; i++)
                {
                    k[(((p * Lines) + j) * Read) + i] = PhantomTransform(-(p - 24) / 0.192 * half, -(j - 30) / 0.24 * half, (i - 32) / 0.256 * half);
                }
            }
        }

        InverseDft(k, Read, 1, Partitions * Lines);
        InverseDft(k, Lines, Read, Partitions);
        InverseDft(k, Partitions, Read * Lines, 1);
        return [.. k.Select(c => c.Magnitude)];
    }

    // The centred inverse DFT along one axis of size n whose elements are stride apart, in each of the blocks: sample
    // m is at m − n/2, pixel x at x − n/2.
    private static void InverseDft(Complex[] data, int n, int stride, int blocks)
    {
        var twiddle = new Complex[n * n];
        for (var x = 0; x < n; x++)
        {
            for (var m = 0; m < n; m++)
            {
                twiddle[(x * n) + m] = Complex.FromPolarCoordinates(1, 2 * Math.PI * (m - (n / 2)) * (x - (n / 2)) / n);
            }
        }

        var line = new Complex[n];
        var span = n * stride;
        for (var start = 0; start < data.Length; start++)
        {
            if (start % span >= stride || start / span >= blocks)
            {
                continue; // not the first element of a line along this axis
            }

            for (var m = 0; m < n; m++)
            {
                line[m] = data[start + (m * stride)];
            }

            for (var x = 0; x < n; x++)
            {
                var sum = Complex.Zero;
                for (var m = 0; m < n; m++)
                {
                    sum += line[m] * twiddle[(x * n) + m];
                }

                data[start + (x * stride)] = sum;
            }
        }
    }

    // The 3D modified Shepp-Logan phantom's ellipsoids (density, semi-axes a b c, centre, degrees about z) and their
    // transforms at k in cycles per half-width: density × a b c × 4π (sin x − x cos x) / x³ at x = 2π|(a k'x, b k'y,
    // c kz)|, shifted to the centre.
    private static Complex PhantomTransform(double kx, double ky, double kz)
    {
        double[][] ellipsoids =
        [
            [1.0, 0.69, 0.92, 0.81, 0, 0, 0, 0], [-0.8, 0.6624, 0.874, 0.78, 0, -0.0184, 0, 0],
            [-0.2, 0.11, 0.31, 0.22, 0.22, 0, 0, -18], [-0.2, 0.16, 0.41, 0.28, -0.22, 0, 0, 18],
            [0.1, 0.21, 0.25, 0.41, 0, 0.35, -0.15, 0], [0.1, 0.046, 0.046, 0.05, 0, 0.1, 0.25, 0],
            [0.1, 0.046, 0.046, 0.05, 0, -0.1, 0.25, 0], [0.1, 0.046, 0.023, 0.05, -0.08, -0.605, 0, 0],
            [0.1, 0.023, 0.023, 0.02, 0, -0.606, 0, 0], [0.1, 0.023, 0.046, 0.02, 0.06, -0.605, 0, 0],
        ];
        var sum = Complex.Zero;
        foreach (var e in ellipsoids)
        {
            var (s, c) = Math.SinCos(e[7] * Math.PI / 180);
            var (u, v, w) = (e[1] * ((kx * c) + (ky * s)), e[2] * ((-kx * s) + (ky * c)), e[3] * kz);
            var x = 2 * Math.PI * Math.Sqrt((u * u) + (v * v) + (w * w));
            var ball = x < 1e-2 ? (1.0 / 3) - (x * x / 30) : (Math.Sin(x) - (x * Math.Cos(x))) / (x * x * x);
            sum += e[0] * e[1] * e[2] * e[3] * 4 * Math.PI * ball * Complex.FromPolarCoordinates(1, -2 * Math.PI * ((kx * e[4]) + (ky * e[5]) + (kz * e[6])));
        }

        return sum;
    }

    private static double[] ReadNifti(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(70))); // float32
        Assert.Equal((Read, Lines, Partitions), (BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(42)), BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44)), BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(46))));
        var offset = (int)BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(108));
        return [.. System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan(offset, Read * Lines * Partitions * sizeof(float))).ToArray().Select(f => (double)f)];
    }
}
