using System.Buffers.Binary;
using Conduit.Testing.Files;
using Conduit.Testing.Processes;
using Conduit.Tests;

namespace Conduit.Host.Tests.Jobs;

/// <summary>
/// <c>config/mr-gre.json</c> run by the real host: the 2D GRE of the test data played on the simulated AWG, the
/// phantom's MR signal recorded by the simulated digitizer, reconstructed and written as NIfTI, then compared with the
/// ideal image, computed here independently of the plugins: the phantom's analytic transform sampled on the sequence's
/// nominal 64 × 64 grid and inverse transformed by a direct sum.
/// </summary>
public sealed class MrImageJobTests : IDisposable
{
    private const int N = 64;
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_demo_images_the_phantom_within_2_percent_of_the_ideal_reconstruction()
    {
        AcquisitionJobTests.RequireSimulator();
        IsmrmrdRequired();
        var job = await JobAsync();

        var run = await CliRun.RunAsync("run", job);

        Assert.True(run.ExitCode == 0, run.ToString());
        var image = ReadNifti(_directory.File("out/image.nii"));
        var ideal = IdealImage();
        // Normalised RMSE after the least-squares scale (the simulator's amplitude is in digitizer codes).
        var scale = image.Zip(ideal, (a, b) => (double)a * b).Sum() / image.Sum(a => (double)a * a);
        var error = Math.Sqrt(image.Zip(ideal, (a, b) => Math.Pow((scale * a) - b, 2)).Sum() / ideal.Sum(b => b * b));
        // 0.76 % measured (2.4 % before pulseq.unroll dithered its gradient rounding, which let plateaus drift k).
        Assert.True(error <= 0.02, $"normalised RMSE {error:P2} against the ideal image");
    }

    [Fact]
    public async Task The_ismrmrd_tools_read_the_raw_file_and_reconstruct_our_image_from_it()
    {
        AcquisitionJobTests.RequireSimulator();
        IsmrmrdRequired();
        ExternalTool.Require("ismrmrd_recon_cartesian_2d", "ismrmrd-tools");
        PythonScript.Require("h5py");
        // The ismrmrd tool takes the samples as point samples, so ours must too for the two images to be comparable.
        var job = await JobAsync(("\"fieldOfView\": [250, 250] }", "\"fieldOfView\": [250, 250], \"dwellAveraged\": false }"));
        var run = await CliRun.RunAsync("run", job);
        Assert.True(run.ExitCode == 0, run.ToString());
        var raw = _directory.File("out/ismrmrd.h5");

        var report = await ExternalTool.RunAsync(_directory.Path, "ismrmrd_recon_cartesian_2d", raw);

        Assert.Contains("Encoding Matrix Size        : [64, 64, 1]", report, StringComparison.Ordinal);
        Assert.Contains("Number of acquisitions      : 64", report, StringComparison.Ordinal);
        // What h5py reads of the file: the header's sequence and carrier, each line's LIN in kspace_encode_step_1, the
        // flags of the last line (LAST_IN_ENCODE_STEP1, _STEP2, _SLICE, _REPETITION, _MEASUREMENT), and the image the
        // tool appended to the file, as float32.
        var theirs = _directory.File("theirs.f32");
        var facts = await PythonScript.RunAsync("""
            import sys, h5py
            f = h5py.File(sys.argv[1], "r")
            xml = f["dataset/xml"][0].decode()
            head = f["dataset/data"]["head"]
            print("sequence", "<sequenceName>gre</sequenceName>" in xml, "md5:" in xml, "<H1resonanceFrequency_Hz>2000000<" in xml)
            print("lines", sorted(int(h["idx"]["kspace_encode_step_1"]) for h in head) == list(range(64)))
            print("last", int(head[-1]["flags"]) & 0x100208A == 0x100208A)
            f["dataset/cpp/data"][0, 0, 0].astype("<f4").tofile(sys.argv[2])
            """, raw, theirs);
        Assert.Equal("sequence True True True\nlines True\nlast True\n", facts);
        var tool = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(await File.ReadAllBytesAsync(theirs, TestContext.Current.CancellationToken)).ToArray();
        var ours = ReadNifti(_directory.File("out/image.nii"));
        // FFTW's backward transform is unnormalised and ours unitary: the tool's image is N times ours.
        var difference = Math.Sqrt(tool.Zip(ours, (t, o) => Math.Pow(t - (N * (double)o), 2)).Sum() / tool.Sum(t => (double)t * t));
        Assert.True(difference <= 1e-3, $"relative RMS difference {difference:E2} between the tool's image / {N} and ours");
    }

    [Fact]
    public async Task Validate_refuses_a_job_whose_receiver_expects_fewer_repetitions_than_are_played()
    {
        var job = await JobAsync(("\"larmorFrequency\": 2e6, \"gradientFullScale\"", "\"repetitions\": 2, \"larmorFrequency\": 2e6, \"gradientFullScale\""));

        var validate = await CliRun.RunAsync("validate", job);

        Assert.True(validate.ExitCode == 2, validate.ToString());
        Assert.Contains("\"windows\" (pulseq.adc-windows) has repetitions 1", validate.Output + validate.Error, StringComparison.Ordinal);
        Assert.Contains("\"unroll\" (pulseq.unroll) plays the same sequence 2 time(s)", validate.Output + validate.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory.File("out")), "validate wrote out/");
    }

    [Fact]
    public async Task A_receiver_short_of_lines_fails_the_job_and_writes_neither_image_nor_raw_file()
    {
        AcquisitionJobTests.RequireSimulator();
        // The windows come from a second load told of two repetitions, so no job rule pairs them with the unroll that
        // plays one: only the receiver can see that half its lines never come.
        var sequence = Path.Combine(TestData.Folder("pulseq"), "pulseq_gre_v151.seq");
        var job = await JobAsync(
            ("""{ "id": "windows", "use": "pulseq.adc-windows", "from": "load" }""", $$"""{ "id": "load2", "use": "pulseq.load", "with": { "path": "{{sequence}}" } }, { "id": "windows", "use": "pulseq.adc-windows", "from": "load2", "with": { "repetitions": 2 } }"""),
            ("\"larmorFrequency\": 2e6 }", "\"larmorFrequency\": 2e6, \"timeoutMilliseconds\": 1000 }"));
        Assert.Equal(0, (await CliRun.RunAsync("validate", job)).ExitCode);

        var run = await CliRun.RunAsync("run", job);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("after 64 of the 128 lines the windows ask for", run.Output + run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory.File("out")) && Directory.EnumerateFileSystemEntries(_directory.File("out")).Any(), "a file was left in out/");
    }

    // config/mr-gre.json with its paths in the test's folder, a world of its own, and the test's edits (each must apply).
    private async Task<string> JobAsync(params (string Old, string New)[] edits)
    {
        var job = _directory.File("mr-gre.json");
        var text = await File.ReadAllTextAsync(Path.Combine(TestPaths.Config, "mr-gre.json"), TestContext.Current.CancellationToken);
        text = text
            .Replace("../tests/data/pulseq/", TestData.Folder("pulseq") + "/", StringComparison.Ordinal)
            .Replace("world=mr-gre", $"world=mr-{Guid.NewGuid():N}", StringComparison.Ordinal)
            .Replace("../out/mr-gre/", "out/", StringComparison.Ordinal);
        foreach (var (old, replacement) in edits)
        {
            Assert.Contains(old, text, StringComparison.Ordinal);
            text = text.Replace(old, replacement, StringComparison.Ordinal);
        }

        await File.WriteAllTextAsync(job, text, TestContext.Current.CancellationToken);
        return job;
    }

    // The demo writes its raw lines through libismrmrd.
    private static void IsmrmrdRequired() => ExternalTool.RequireLibrary("libismrmrd.so.1.8", "libismrmrd1.8");

    // |inverse DFT| of the phantom's transform on the sequence's nominal grid, in cycles per field of view (250 mm, the
    // phantom's [−1, 1] spanning it): readout sample i at i − 31.5 (Pulseq samples the middle of each dwell of a
    // readout whose flat top spans −32 to 32), line j at j − 32 (its phase-encode area).
    private static double[] IdealImage()
    {
        var (re, im) = (new double[N * N], new double[N * N]);
        for (var j = 0; j < N; j++)
        {
            for (var i = 0; i < N; i++)
            {
                (re[(j * N) + i], im[(j * N) + i]) = PhantomTransform((i - (N / 2) + 0.5) / 2.0, (j - (N / 2)) / 2.0);
            }
        }

        var image = new double[N * N];
        for (var y = 0; y < N; y++)
        {
            for (var x = 0; x < N; x++)
            {
                double sr = 0, si = 0;
                for (var j = 0; j < N; j++)
                {
                    for (var i = 0; i < N; i++)
                    {
                        var angle = 2 * Math.PI * (((i - (N / 2)) * (x - (N / 2))) + ((j - (N / 2)) * (y - (N / 2)))) / N;
                        var (s, c) = Math.SinCos(angle);
                        sr += (re[(j * N) + i] * c) - (im[(j * N) + i] * s);
                        si += (re[(j * N) + i] * s) + (im[(j * N) + i] * c);
                    }
                }

                image[(y * N) + x] = Math.Sqrt((sr * sr) + (si * si));
            }
        }

        return image;
    }

    // The modified Shepp-Logan phantom's ellipses (density, semi-axes, centre, degrees) and their transforms at k in
    // cycles per half-width: density × a b × 2π J1(2πr) / (2πr), shifted to the centre.
    private static (double Re, double Im) PhantomTransform(double kx, double ky)
    {
        double[][] ellipses =
        [
            [1.0, 0.69, 0.92, 0, 0, 0], [-0.8, 0.6624, 0.874, 0, -0.0184, 0], [-0.2, 0.11, 0.31, 0.22, 0, -18],
            [-0.2, 0.16, 0.41, -0.22, 0, 18], [0.1, 0.21, 0.25, 0, 0.35, 0], [0.1, 0.046, 0.046, 0, 0.1, 0],
            [0.1, 0.046, 0.046, 0, -0.1, 0], [0.1, 0.046, 0.023, -0.08, -0.605, 0], [0.1, 0.023, 0.023, 0, -0.606, 0],
            [0.1, 0.023, 0.046, 0.06, -0.605, 0],
        ];
        double re = 0, im = 0;
        foreach (var e in ellipses)
        {
            var t = e[5] * Math.PI / 180;
            var (u, v) = (e[1] * ((kx * Math.Cos(t)) + (ky * Math.Sin(t))), e[2] * ((-kx * Math.Sin(t)) + (ky * Math.Cos(t))));
            var r = Math.Sqrt((u * u) + (v * v));
            var magnitude = e[0] * e[1] * e[2] * (r == 0 ? Math.PI : BesselJ1(2 * Math.PI * r) / r);
            var (s, c) = Math.SinCos(-2 * Math.PI * ((kx * e[3]) + (ky * e[4])));
            (re, im) = (re + (magnitude * c), im + (magnitude * s));
        }

        return (re, im);
    }

    // J1 by its integral, (1/π) ∫0^π cos(τ − x sin τ) dτ (the simulator uses a rational approximation).
    private static double BesselJ1(double x)
    {
        const int steps = 4000;
        double sum = 0;
        for (var i = 0; i < steps; i++)
        {
            var t = (i + 0.5) * Math.PI / steps;
            sum += Math.Cos(t - (x * Math.Sin(t)));
        }

        return sum / steps;
    }

    private static float[] ReadNifti(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(348, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(70))); // float32
        Assert.Equal((N, N), (BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(42)), BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44))));
        var offset = (int)BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(108));
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan(offset, N * N * sizeof(float))).ToArray();
    }
}
