using Conduit.Plugins.Recon.Geometry;

namespace Conduit.Plugins.Recon.Backprojection;

/// <summary>
/// Per angle, the detector coordinate of output pixel (row r, column c) as s = Base + r × RowStep + c × ColumnStep.
/// Pixel centres lie at (c − N/2, N/2 − r) pixel sizes from the rotation axis (integer N/2, as scikit-image). Kept in
/// double: in float, s near 1000 bins would carry an error of 3e-5 bins, which shows in the image.
/// </summary>
internal sealed class BackprojectionTables
{
    public BackprojectionTables(ParallelBeamGeometry geometry, int outputSize, double pixelSize)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        var count = geometry.AngleCount;
        Base = new double[count];
        RowStep = new double[count];
        ColumnStep = new double[count];
        var centre = outputSize / 2;
        var axis = (geometry.Detectors / 2) + geometry.CentreOffset;
        for (var a = 0; a < count; a++)
        {
            var cos = Math.Cos(geometry.Angles[a]) * pixelSize;
            var sin = Math.Sin(geometry.Angles[a]) * pixelSize;
            ColumnStep[a] = cos;
            RowStep[a] = -sin;
            Base[a] = (-centre * cos) + (centre * sin) + axis;
        }

        OutputSize = outputSize;
        Detectors = geometry.Detectors;
    }

    public int OutputSize { get; }

    public int Detectors { get; }

    public double[] Base { get; }

    public double[] RowStep { get; }

    public double[] ColumnStep { get; }

    public int AngleCount => Base.Length;

    /// <summary>Bytes of the three tables.</summary>
    public static long Bytes(int angles) => 3L * angles * sizeof(double);
}
