using Conduit.Plugins.Recon.Backprojection;
using Conduit.Plugins.Recon.Geometry;

namespace Conduit.Plugins.Recon.Tests.Backprojection;

public sealed class CpuFbpTests(ITestOutputHelper output)
{
    [Fact]
    public void Phantom_256_reconstructs_close_to_the_drawn_phantom()
    {
        var geometry = ParallelBeamGeometry.Uniform(360, 256);
        var sinogram = ReconstructionHarness.Sinogram(geometry, 256);
        var image = ReconstructionHarness.ReconstructCpu(geometry, new FbpSettings { OutputSize = 256 }, sinogram);
        var rmse = ReconstructionHarness.Rmse(image, ReconstructionHarness.Phantom(256));
        output.WriteLine($"rmse {rmse:F5}");
        Assert.InRange(rmse, 0, 0.05);
    }
}
