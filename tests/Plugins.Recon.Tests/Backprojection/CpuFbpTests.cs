using System.Globalization;
using System.Runtime.InteropServices;
using Conduit.Plugins.Recon.Backprojection;
using Conduit.Plugins.Recon.Filtering;
using Conduit.Plugins.Recon.Geometry;
using Conduit.Plugins.Recon.Loading;
using Conduit.Testing.Files;
using Conduit.Testing.Processes;

namespace Conduit.Plugins.Recon.Tests.Backprojection;

public sealed class CpuFbpTests(ITestOutputHelper output) : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task The_512_phantom_from_720_angles_is_at_least_as_close_as_scikit_images_iradon_on_the_same_sinogram()
    {
        PythonScript.Require("numpy", "skimage");
        const int size = 512;
        var geometry = ParallelBeamGeometry.Uniform(720, size);
        var sinogram = ReconstructionHarness.Sinogram(geometry, size);
        var phantom = ReconstructionHarness.Phantom(size);
        WriteNpy("sinogram.npy", sinogram, [720, size]);
        WriteNpy("phantom.npy", phantom, [size, size]);

        var ours = ReconstructionHarness.Rmse(ReconstructionHarness.ReconstructCpu(geometry, new FbpSettings { OutputSize = size }, sinogram), phantom);
        var iradon = double.Parse(await PythonScript.RunAsync(
            """
            import sys, numpy as np
            from skimage.transform import iradon
            s = np.load(sys.argv[1]).astype(np.float64); p = np.load(sys.argv[2]).astype(np.float64)
            image = iradon(s.T, theta=np.arange(s.shape[0]) * 180.0 / s.shape[0], output_size=p.shape[0], filter_name="ramp", circle=True)
            print(np.sqrt(np.mean((image - p) ** 2)))
            """,
            _directory.File("sinogram.npy"), _directory.File("phantom.npy")), CultureInfo.InvariantCulture);

        output.WriteLine($"RMSE against the phantom: ours {ours:F6}, iradon {iradon:F6}");
        Assert.InRange(ours, 0, iradon + 1e-6);
        Assert.InRange(iradon, 0.010, 0.020);
    }

    [Theory]
    [InlineData(FilterKind.RamLak, PaddingKind.Zero, 0.022)]
    [InlineData(FilterKind.SheppLogan, PaddingKind.Zero, 0.022)]
    [InlineData(FilterKind.Cosine, PaddingKind.Edge, 0.03)]
    [InlineData(FilterKind.Hamming, PaddingKind.Edge, 0.04)]
    [InlineData(FilterKind.Hann, PaddingKind.Zero, 0.04)]
    public void Every_filter_and_padding_reconstructs_the_phantom(FilterKind filter, PaddingKind padding, double limit)
    {
        var geometry = ParallelBeamGeometry.Uniform(360, 256);
        var image = ReconstructionHarness.ReconstructCpu(geometry, new FbpSettings { OutputSize = 256, Filter = filter, Padding = padding }, ReconstructionHarness.Sinogram(geometry, 256));
        var rmse = ReconstructionHarness.Rmse(image, ReconstructionHarness.Phantom(256));
        output.WriteLine($"{filter}, {padding}: RMSE {rmse:F5}");
        Assert.InRange(rmse, 0.005, limit);
    }

    [Fact]
    public void A_rotation_centre_off_the_middle_bin_is_undone_by_the_same_offset()
    {
        var shifted = ParallelBeamGeometry.Uniform(360, 256, centreOffset: 3.5);
        var sinogram = ReconstructionHarness.Sinogram(shifted, 256);
        var phantom = ReconstructionHarness.Phantom(256);
        var settings = new FbpSettings { OutputSize = 256 };

        var right = ReconstructionHarness.Rmse(ReconstructionHarness.ReconstructCpu(shifted, settings, sinogram), phantom);
        var ignored = ReconstructionHarness.Rmse(ReconstructionHarness.ReconstructCpu(ParallelBeamGeometry.Uniform(360, 256), settings, sinogram), phantom);

        Assert.InRange(right, 0, 0.022);
        Assert.True(ignored > 3 * right, $"ignoring the offset gives {ignored}, using it {right}");
    }

    [Fact]
    public void Angles_in_any_order_and_spacing_are_weighted_and_reconstructed()
    {
        var random = new Random(9);
        var angles = Enumerable.Range(0, 400).Select(_ => random.NextDouble() * 2 * Math.PI).ToArray();
        var geometry = new ParallelBeamGeometry(angles, 128);
        var image = ReconstructionHarness.ReconstructCpu(geometry, new FbpSettings { OutputSize = 128 }, ReconstructionHarness.Sinogram(geometry, 128));
        Assert.InRange(ReconstructionHarness.Rmse(image, ReconstructionHarness.Phantom(128)), 0, 0.05);
    }

    [Fact]
    public void A_smaller_output_with_larger_pixels_covers_the_same_field()
    {
        var geometry = ParallelBeamGeometry.Uniform(360, 256);
        var image = ReconstructionHarness.ReconstructCpu(geometry, new FbpSettings { OutputSize = 128, PixelSize = 2 }, ReconstructionHarness.Sinogram(geometry, 256));
        Assert.InRange(ReconstructionHarness.Rmse(image, ReconstructionHarness.Phantom(128)), 0, 0.06);
    }

    [Theory]
    [InlineData(91, 1)]
    [InlineData(90, 3)]
    public void A_chunk_gives_each_slice_bit_for_bit_what_it_gets_alone(int angles, int workers)
    {
        var geometry = ParallelBeamGeometry.Uniform(angles, 64);
        var settings = new FbpSettings { OutputSize = 64 };
        var sinograms = Enumerable.Range(0, 3).Select(z => ReconstructionHarness.Sinogram(geometry, 64, 30 * z)).ToArray();
        var alone = sinograms.Select(s => ReconstructionHarness.ReconstructCpu(geometry, settings, s, workers)).ToArray();

        var fbp = new CpuFbp(geometry, settings, workers);
        var inputs = sinograms.Select(s => (Memory<byte>)MemoryMarshal.AsBytes(s.AsSpan()).ToArray()).ToList();
        var outputs = sinograms.Select(_ => (Memory<byte>)new byte[settings.SliceBytes]).ToList();
        fbp.Reconstruct(inputs, outputs, new byte[fbp.ScratchBytes(3)], TestContext.Current.CancellationToken);

        for (var z = 0; z < 3; z++)
        {
            Assert.Equal(alone[z], MemoryMarshal.Cast<byte, float>(outputs[z].Span).ToArray());
        }
    }

    public void Dispose() => _directory.Dispose();

    private void WriteNpy(string name, float[] values, long[] shape)
    {
        using var file = File.Create(_directory.File(name));
        file.Write(NpyHeader.Write(shape));
        file.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }
}
