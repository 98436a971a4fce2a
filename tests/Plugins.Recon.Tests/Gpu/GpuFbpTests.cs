using System.Runtime.InteropServices;
using Conduit.Engine.Memory;
using Conduit.Plugins.Recon.Backprojection;
using Conduit.Plugins.Recon.Filtering;
using Conduit.Plugins.Recon.Geometry;
using Conduit.Plugins.Recon.Gpu;

namespace Conduit.Plugins.Recon.Tests.Gpu;

/// <summary>The GPU code on ILGPU's CPU accelerator against the CPU path, and its device memory against its formula.</summary>
public sealed class GpuFbpTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(64, 90, 64, FilterKind.RamLak, PaddingKind.Zero, 2, 1000)]
    [InlineData(48, 61, 40, FilterKind.Hann, PaddingKind.Edge, 3, 7)]
    [InlineData(33, 45, 50, FilterKind.SheppLogan, PaddingKind.Zero, 1, 1000)]
    public void Gpu_path_gives_the_cpu_path_images(int detectors, int angles, int outputSize, FilterKind filter, PaddingKind padding, int slices, int batchPairs)
    {
        var geometry = ParallelBeamGeometry.Uniform(angles, detectors, centreOffset: 0.3);
        var settings = new FbpSettings { OutputSize = outputSize, Filter = filter, Padding = padding, PixelSize = (double)detectors / outputSize };
        var sinograms = Enumerable.Range(0, slices).Select(z => ReconstructionHarness.Sinogram(geometry, detectors, turnDegrees: 20 * z)).ToArray();
        var cpu = sinograms.Select(s => ReconstructionHarness.ReconstructCpu(geometry, settings, s)).ToArray();

        using var session = AcceleratorSession.Open(ReconDevice.IlgpuCpu);
        var budget = new MemoryBudget("job", 1L << 30);
        var pool = new DeviceMemoryPool(session.Accelerator, budget);
        long peak;
        float[][] gpu;
        using (var fbp = new GpuFbp(pool, geometry, settings, batchPairs))
        {
            var inputs = sinograms.Select(s => (Memory<byte>)MemoryMarshal.AsBytes(s.AsSpan()).ToArray()).ToList();
            var outputs = sinograms.Select(_ => (Memory<byte>)new byte[settings.SliceBytes]).ToList();
            fbp.Reconstruct(inputs, outputs);
            gpu = [.. outputs.Select(o => MemoryMarshal.Cast<byte, float>(o.Span).ToArray())];
            peak = pool.PeakBytes;
        }

        Assert.Equal(0, pool.OutstandingBytes);
        Assert.Equal(0, budget.ReservedBytes);
        var expected = GpuFbp.DeviceBytes(angles, detectors, outputSize, slices, batchPairs);
        output.WriteLine($"device peak {peak} B, estimate {expected} B");
        Assert.InRange(peak, expected * 0.95, expected * 1.05);
        for (var z = 0; z < slices; z++)
        {
            var worst = cpu[z].Zip(gpu[z], (a, b) => Math.Abs(a - b)).Max();
            output.WriteLine($"slice {z}: largest difference {worst:E2}, peak value {cpu[z].Max():F3}");
            Assert.True(worst < 1e-5, $"slice {z}: the GPU path differs from the CPU path by {worst}");
            Assert.True(cpu[z].Max() > 0.5, "the reconstruction is not the phantom");
        }
    }

    [Fact]
    public void Device_allocations_count_against_the_budget()
    {
        using var session = AcceleratorSession.Open(ReconDevice.IlgpuCpu);
        var budget = new MemoryBudget("job", 1 << 20);
        var pool = new DeviceMemoryPool(session.Accelerator, budget);
        using var first = pool.Allocate<float>(200_000);
        Assert.Equal(800_000, budget.ReservedBytes);
        var error = Assert.Throws<Conduit.Abstractions.Memory.MemoryBudgetExceededException>(() => pool.Allocate<float>(100_000));
        Assert.Contains("device memory", error.Message, StringComparison.Ordinal);
    }
}
