using Conduit.Plugins.Recon.Geometry;

namespace Conduit.Plugins.Recon.Tests.Phantom;

public sealed class SheppLoganPhantomTests
{
    [Fact]
    public void The_analytic_projections_at_0_and_90_degrees_equal_the_drawn_phantoms_column_and_row_sums()
    {
        const int size = 256;
        var image = ReconstructionHarness.Phantom(size, turnDegrees: 10);
        var sinogram = ReconstructionHarness.Sinogram(new ParallelBeamGeometry([0, Math.PI / 2], size), size, turnDegrees: 10);

        double mass = image.Sum(v => (double)v), columnError = 0, rowError = 0;
        for (var d = 0; d < size; d++)
        {
            // At 0° bin d sees column d (x = d − N/2); at 90° it sees row N − d (y = d − N/2, rows count down).
            var column = Enumerable.Range(0, size).Sum(r => (double)image[(r * size) + d]);
            columnError += Math.Abs(column - sinogram[d]);
            var r = size - d;
            var row = r < size ? Enumerable.Range(0, size).Sum(c => (double)image[(r * size) + c]) : 0;
            rowError += Math.Abs(row - sinogram[size + d]);
        }

        // The same mass in every projection; bin by bin, the line through a pixel centre differs from the pixel
        // column's average only where a chord changes fast (at tangents).
        Assert.Equal(mass, sinogram[..size].Sum(v => (double)v), mass * 2e-3);
        Assert.Equal(mass, sinogram[size..].Sum(v => (double)v), mass * 2e-3);
        Assert.InRange(columnError / mass, 0, 0.01);
        Assert.InRange(rowError / mass, 0, 0.01);
        Assert.InRange(sinogram.Max(), 40, 200);
    }

    [Fact]
    public void The_phantom_has_the_modified_densities_inside_and_nothing_outside()
    {
        var image = ReconstructionHarness.Phantom(128);
        Assert.Equal(0f, image[0]);
        Assert.Equal(0.2f, image[(64 * 128) + 30], 1e-6);
        Assert.Equal(1.0f, image.Max(), 1e-6);
    }
}
