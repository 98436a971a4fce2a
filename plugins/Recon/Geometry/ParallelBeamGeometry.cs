namespace Conduit.Plugins.Recon.Geometry;

/// <summary>
/// The rays of a parallel-beam sinogram: one row per projection angle and <see cref="Detectors"/> bins a row. A point
/// (x, y) of the slice, in detector spacings from the rotation axis with y pointing up, is seen at detector coordinate
/// s = x cos θ + y sin θ + <see cref="Detectors"/> / 2 (integer division) + <see cref="CentreOffset"/>, the convention
/// of scikit-image's <c>radon</c>, so sinograms move between the two tools unchanged.
/// </summary>
public sealed class ParallelBeamGeometry
{
    private readonly double[] _angles;

    /// <summary>Creates the geometry, checking every value.</summary>
    /// <param name="anglesRadians">Projection angles, one per sinogram row, in any order.</param>
    /// <param name="detectors">Bins per sinogram row.</param>
    /// <param name="centreOffset">Where the rotation axis lies, in bins, relative to bin <paramref name="detectors"/> / 2.</param>
    /// <param name="detectorSpacing">Distance between bins in millimetres (sets the output's pixel spacing).</param>
    public ParallelBeamGeometry(IReadOnlyList<double> anglesRadians, int detectors, double centreOffset = 0, double detectorSpacing = 1)
    {
        ArgumentNullException.ThrowIfNull(anglesRadians);
        if (anglesRadians.Count == 0)
        {
            throw new ArgumentException("a sinogram needs at least one projection angle", nameof(anglesRadians));
        }

        for (var i = 0; i < anglesRadians.Count; i++)
        {
            if (!double.IsFinite(anglesRadians[i]))
            {
                throw new ArgumentException($"projection angle {i} is {anglesRadians[i]}", nameof(anglesRadians));
            }
        }

        if (detectors < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(detectors), detectors, "a sinogram row needs at least one detector bin");
        }

        if (!double.IsFinite(centreOffset) || Math.Abs(centreOffset) > detectors)
        {
            throw new ArgumentOutOfRangeException(nameof(centreOffset), centreOffset, $"the rotation centre must lie within the {detectors} detector bins");
        }

        if (!(detectorSpacing > 0) || !double.IsFinite(detectorSpacing))
        {
            throw new ArgumentOutOfRangeException(nameof(detectorSpacing), detectorSpacing, "the detector spacing must be a positive number of millimetres");
        }

        if ((long)anglesRadians.Count * detectors * sizeof(float) > int.MaxValue)
        {
            throw new ArgumentException($"a sinogram of {anglesRadians.Count} angles × {detectors} detectors is over 2 GiB a slice, which is not supported", nameof(detectors));
        }

        _angles = [.. anglesRadians];
        Detectors = detectors;
        CentreOffset = centreOffset;
        DetectorSpacing = detectorSpacing;
    }

    /// <summary>Projection angles in radians, one per sinogram row.</summary>
    public ReadOnlySpan<double> Angles => _angles;

    /// <summary>Number of projection angles (sinogram rows).</summary>
    public int AngleCount => _angles.Length;

    /// <summary>Bins per sinogram row.</summary>
    public int Detectors { get; }

    /// <summary>Rotation-axis position in bins relative to bin <see cref="Detectors"/> / 2.</summary>
    public double CentreOffset { get; }

    /// <summary>Distance between detector bins in millimetres.</summary>
    public double DetectorSpacing { get; }

    /// <summary>Bytes of one slice's float32 sinogram.</summary>
    public long SinogramBytes => (long)AngleCount * Detectors * sizeof(float);

    /// <summary><paramref name="count"/> angles spread evenly over <paramref name="arcDegrees"/>, the last one short of its end.</summary>
    public static ParallelBeamGeometry Uniform(int count, int detectors, double arcDegrees = 180, double startDegrees = 0, double centreOffset = 0, double detectorSpacing = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var angles = new double[count];
        for (var i = 0; i < count; i++)
        {
            angles[i] = (startDegrees + (arcDegrees * i / count)) * Math.PI / 180;
        }

        return new ParallelBeamGeometry(angles, detectors, centreOffset, detectorSpacing);
    }

    /// <summary>
    /// The integration weight of each angle: half the gap to its two neighbours among the directions modulo π
    /// (projections at θ and θ + π see the same lines). Evenly spread angles over 180° or 360° all get π / count, as in
    /// the textbook formula; uneven ones are integrated by the trapezoid rule.
    /// </summary>
    public double[] Weights()
    {
        var n = _angles.Length;
        var weights = new double[n];
        if (n == 1)
        {
            weights[0] = Math.PI;
            return weights;
        }

        var order = new int[n];
        var folded = new double[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
            folded[i] = ((_angles[i] % Math.PI) + Math.PI) % Math.PI;
        }

        Array.Sort(folded, order);
        for (var k = 0; k < n; k++)
        {
            var previous = k == 0 ? folded[n - 1] - Math.PI : folded[k - 1];
            var next = k == n - 1 ? folded[0] + Math.PI : folded[k + 1];
            weights[order[k]] = (next - previous) / 2;
        }

        return weights;
    }
}
