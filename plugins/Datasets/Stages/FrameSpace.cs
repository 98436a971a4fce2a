using Conduit.Abstractions.Messages;

namespace Conduit.Plugins.Datasets.Stages;

/// <summary>
/// Between a NIfTI affine (voxel to RAS millimetres) and a frame's geometry (DICOM-style patient coordinates, LPS):
/// x and y change sign, z stays.
/// </summary>
internal static class FrameSpace
{
    /// <summary>The geometry of slice <paramref name="z"/> of an image with <paramref name="affine"/> (row-major 4 × 4).</summary>
    public static FrameGeometry FromAffine(double[] affine, long z)
    {
        var column = Column(affine, 0);
        var row = Column(affine, 1);
        var slice = Column(affine, 2);
        var origin = (affine[3] + (affine[2] * z), affine[7] + (affine[6] * z), affine[11] + (affine[10] * z));
        return new FrameGeometry(Length(column), Length(row), Length(slice), Lps(origin), Lps(Unit(column)), Lps(Unit(row)));
    }

    /// <summary>The affine of a volume whose first slice has <paramref name="geometry"/>. The step between slices is
    /// <paramref name="secondOrigin"/> − the first origin when a second slice is known (as DICOM stacks are read, so a
    /// left-handed grid keeps its sign), else the row × column normal × SpacingZ.</summary>
    public static double[] ToAffine(FrameGeometry geometry, (double X, double Y, double Z)? secondOrigin = null)
    {
        var rows = Ras(geometry.RowDirection);
        var columns = Ras(geometry.ColumnDirection);
        var normal = Cross(geometry.RowDirection, geometry.ColumnDirection);
        var step = secondOrigin is { } next
            ? Ras((next.X - geometry.Origin.X, next.Y - geometry.Origin.Y, next.Z - geometry.Origin.Z))
            : Ras((normal.X * geometry.SpacingZ, normal.Y * geometry.SpacingZ, normal.Z * geometry.SpacingZ));
        var origin = Ras(geometry.Origin);
        return
        [
            rows.X * geometry.SpacingX, columns.X * geometry.SpacingY, step.X, origin.X,
            rows.Y * geometry.SpacingX, columns.Y * geometry.SpacingY, step.Y, origin.Y,
            rows.Z * geometry.SpacingX, columns.Z * geometry.SpacingY, step.Z, origin.Z,
            0, 0, 0, 1,
        ];
    }

    private static (double X, double Y, double Z) Column(double[] affine, int c) => (affine[c], affine[4 + c], affine[8 + c]);

    private static double Length((double X, double Y, double Z) v) => Math.Sqrt((v.X * v.X) + (v.Y * v.Y) + (v.Z * v.Z));

    private static (double X, double Y, double Z) Unit((double X, double Y, double Z) v)
    {
        var length = Length(v);
        return length == 0 ? (0, 0, 0) : (v.X / length, v.Y / length, v.Z / length);
    }

    private static (double X, double Y, double Z) Lps((double X, double Y, double Z) ras) => (-ras.X, -ras.Y, ras.Z);

    private static (double X, double Y, double Z) Ras((double X, double Y, double Z) lps) => (-lps.X, -lps.Y, lps.Z);

    private static (double X, double Y, double Z) Cross((double X, double Y, double Z) a, (double X, double Y, double Z) b) =>
        ((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));
}
