namespace Conduit.Plugins.Recon.Phantom;

/// <summary>
/// The modified Shepp-Logan head phantom (Toft's higher-contrast densities, as scikit-image and MATLAB use), drawn on
/// a pixel grid and projected analytically: every sinogram value is the exact line integral through the ellipses, not a
/// re-projection of the pixels, so reconstruction error is not hidden by using the same discretisation twice. Pixel and
/// detector coordinates follow <see cref="Geometry.ParallelBeamGeometry"/>; the phantom's [−1, 1] spans N / 2 pixels
/// each side of the centre.
/// </summary>
internal static class SheppLoganPhantom
{
    /// <summary>Sub-samples a pixel side when drawing (16 per pixel), so edge pixels hold the area-weighted density.</summary>
    public const int Supersampling = 4;

    public static IReadOnlyList<Ellipse> Ellipses { get; } =
    [
        new(1.0, 0.69, 0.92, 0, 0, 0),
        new(-0.8, 0.6624, 0.874, 0, -0.0184, 0),
        new(-0.2, 0.11, 0.31, 0.22, 0, -18),
        new(-0.2, 0.16, 0.41, -0.22, 0, 18),
        new(0.1, 0.21, 0.25, 0, 0.35, 0),
        new(0.1, 0.046, 0.046, 0, 0.1, 0),
        new(0.1, 0.046, 0.046, 0, -0.1, 0),
        new(0.1, 0.046, 0.023, -0.08, -0.605, 0),
        new(0.1, 0.023, 0.023, 0, -0.606, 0),
        new(0.1, 0.023, 0.046, 0.06, -0.605, 0),
    ];

    /// <summary>Draws the phantom, turned by <paramref name="turnDegrees"/>, into an N × N image (row 0 at the top).</summary>
    public static void Draw(Span<float> image, int size, double turnDegrees = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (image.Length < (long)size * size)
        {
            throw new ArgumentException($"a {size} × {size} image needs {size * size} floats", nameof(image));
        }

        var half = size / 2.0;
        var centre = size / 2;
        var turned = Prepare(Turned(turnDegrees));
        const double step = 1.0 / Supersampling;
        for (var r = 0; r < size; r++)
        {
            for (var c = 0; c < size; c++)
            {
                double sum = 0;
                for (var sy = 0; sy < Supersampling; sy++)
                {
                    var y = (centre - r - 0.5 + ((sy + 0.5) * step)) / half;
                    for (var sx = 0; sx < Supersampling; sx++)
                    {
                        var x = (c - centre - 0.5 + ((sx + 0.5) * step)) / half;
                        sum += DensityAt(turned, x, y);
                    }
                }

                image[(r * size) + c] = (float)(sum / (Supersampling * Supersampling));
            }
        }
    }

    /// <summary>
    /// Writes the sinogram (angles × detectors, in pixel units) of the phantom drawn at <paramref name="size"/> pixels
    /// and turned by <paramref name="turnDegrees"/>: bin d of angle θ is the integral along the line
    /// x cos θ + y sin θ = d − detectors / 2 (in pixels).
    /// </summary>
    public static void Project(Span<float> sinogram, Geometry.ParallelBeamGeometry geometry, int size, double turnDegrees = 0)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var detectors = geometry.Detectors;
        if (sinogram.Length < (long)geometry.AngleCount * detectors)
        {
            throw new ArgumentException($"the sinogram needs {geometry.AngleCount * detectors} floats", nameof(sinogram));
        }

        var half = size / 2.0;
        var axis = (detectors / 2) + geometry.CentreOffset;
        var turned = Turned(turnDegrees);
        for (var a = 0; a < geometry.AngleCount; a++)
        {
            var theta = geometry.Angles[a];
            var cos = Math.Cos(theta);
            var sin = Math.Sin(theta);
            for (var d = 0; d < detectors; d++)
            {
                var t = (d - axis) / half;
                double sum = 0;
                foreach (var e in turned)
                {
                    sum += LineIntegral(e, cos, sin, t);
                }

                sinogram[(a * detectors) + d] = (float)(sum * half);
            }
        }
    }

    private static Ellipse[] Turned(double degrees) =>
        [.. Ellipses.Select(e =>
        {
            var phi = degrees * Math.PI / 180;
            var x = (e.CentreX * Math.Cos(phi)) - (e.CentreY * Math.Sin(phi));
            var y = (e.CentreX * Math.Sin(phi)) + (e.CentreY * Math.Cos(phi));
            return e with { CentreX = x, CentreY = y, RotationDegrees = e.RotationDegrees + degrees };
        })];

    private static double DensityAt(ReadOnlySpan<Prepared> ellipses, double x, double y)
    {
        double density = 0;
        foreach (ref readonly var e in ellipses)
        {
            var dx = x - e.X;
            var dy = y - e.Y;
            var u = (dx * e.Cos) + (dy * e.Sin);
            var v = (dy * e.Cos) - (dx * e.Sin);
            if ((u * u * e.InverseA2) + (v * v * e.InverseB2) <= 1)
            {
                density += e.Density;
            }
        }

        return density;
    }

    private static Prepared[] Prepare(Ellipse[] ellipses) =>
        [.. ellipses.Select(e => new Prepared(
            e.Density, e.CentreX, e.CentreY,
            Math.Cos(e.RotationDegrees * Math.PI / 180), Math.Sin(e.RotationDegrees * Math.PI / 180),
            1 / (e.SemiAxisX * e.SemiAxisX), 1 / (e.SemiAxisY * e.SemiAxisY)))];

    // An ellipse with its trigonometry done once, for drawing.
    private readonly record struct Prepared(double Density, double X, double Y, double Cos, double Sin, double InverseA2, double InverseB2);

    // Length of the chord of the line x cos θ + y sin θ = t through the ellipse, times its density.
    private static double LineIntegral(Ellipse e, double cos, double sin, double t)
    {
        var phi = e.RotationDegrees * Math.PI / 180;
        var shifted = t - (e.CentreX * cos) - (e.CentreY * sin);
        var cosRel = (cos * Math.Cos(phi)) + (sin * Math.Sin(phi));
        var sinRel = (sin * Math.Cos(phi)) - (cos * Math.Sin(phi));
        var a2 = e.SemiAxisX * e.SemiAxisX * cosRel * cosRel;
        var b2 = e.SemiAxisY * e.SemiAxisY * sinRel * sinRel;
        var squared = a2 + b2;
        var radicand = squared - (shifted * shifted);
        return radicand <= 0 ? 0 : 2 * e.Density * e.SemiAxisX * e.SemiAxisY * Math.Sqrt(radicand) / squared;
    }
}
