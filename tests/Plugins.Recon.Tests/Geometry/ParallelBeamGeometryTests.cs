using Conduit.Plugins.Recon.Geometry;

namespace Conduit.Plugins.Recon.Tests.Geometry;

public sealed class ParallelBeamGeometryTests
{
    [Theory]
    [InlineData(180.0, 90)]
    [InlineData(360.0, 90)]
    [InlineData(180.0, 1)]
    public void Even_angles_over_a_half_or_full_turn_weigh_pi_over_their_count(double arc, int count)
    {
        var weights = ParallelBeamGeometry.Uniform(count, 16, arc).Weights();
        Assert.All(weights, w => Assert.Equal(Math.PI / count, w, 1e-12));
    }

    [Fact]
    public void Uneven_angles_are_weighted_by_the_trapezoid_rule_in_any_order()
    {
        var geometry = new ParallelBeamGeometry([Math.PI / 2, 0, Math.PI / 4], 16);
        var weights = geometry.Weights();
        Assert.Equal(Math.PI * 3 / 8, weights[0], 1e-12);
        Assert.Equal(Math.PI * 3 / 8, weights[1], 1e-12);
        Assert.Equal(Math.PI / 4, weights[2], 1e-12);
        Assert.Equal(Math.PI, weights.Sum(), 1e-12);
    }

    [Fact]
    public void Impossible_geometries_are_refused_with_the_reason()
    {
        Assert.Contains("at least one projection angle", Assert.Throws<ArgumentException>(() => new ParallelBeamGeometry([], 16)).Message, StringComparison.Ordinal);
        Assert.Contains("angle 1 is NaN", Assert.Throws<ArgumentException>(() => new ParallelBeamGeometry([0, double.NaN], 16)).Message, StringComparison.Ordinal);
        Assert.Contains("at least one detector bin", Assert.Throws<ArgumentOutOfRangeException>(() => new ParallelBeamGeometry([0], 0)).Message, StringComparison.Ordinal);
        Assert.Contains("within the 16 detector bins", Assert.Throws<ArgumentOutOfRangeException>(() => new ParallelBeamGeometry([0], 16, 40)).Message, StringComparison.Ordinal);
    }
}
