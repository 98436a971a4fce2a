namespace Conduit.Plugins.Datasets.Nifti;

/// <summary>
/// The voxel-to-world affine of a header, chosen as nibabel's <c>get_best_affine</c> does: the sform rows when
/// sform_code is not 0, else the quaternion transform when qform_code is not 0, else the Analyze-style base affine
/// (voxel sizes, x flipped, the volume's centre at the origin).
/// </summary>
public static class NiftiAffine
{
    /// <summary>The 4 × 4 affine, row-major.</summary>
    public static double[] Of(NiftiHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        // Codes outside the standard's 0-5 count as 0 (unknown), as nibabel treats them.
        if (header.SformCode is > 0 and <= 5)
        {
            return [.. header.SRows, 0, 0, 0, 1];
        }

        return header.QformCode is > 0 and <= 5 ? Qform(header) : Base(header);
    }

    private static double[] Qform(NiftiHeader header)
    {
        var (b, c, d) = header.Quaternion;
        var w2 = 1 - ((b * b) + (c * c) + (d * d));
        var a = w2 < 0 ? 0 : Math.Sqrt(w2);
        var n = (a * a) + (b * b) + (c * c) + (d * d);
        var s = n < 1e-12 ? 0 : 2 / n;
        double x = b * s, y = c * s, z = d * s;
        double wx = a * x, wy = a * y, wz = a * z, xx = b * x, xy = b * y, xz = b * z, yy = c * y, yz = c * z, zz = d * z;
        double[] r =
        [
            1 - (yy + zz), xy - wz, xz + wy,
            xy + wz, 1 - (xx + zz), yz - wx,
            xz - wy, yz + wx, 1 - (xx + yy),
        ];
        var qfac = header.PixDim[0] < 0 ? -1.0 : 1.0;
        double[] voxel = [header.PixDim[1], header.PixDim[2], header.PixDim[3] * qfac];
        var m = new double[16];
        for (var row = 0; row < 3; row++)
        {
            for (var col = 0; col < 3; col++)
            {
                m[(row * 4) + col] = r[(row * 3) + col] * voxel[col];
            }
        }

        (m[3], m[7], m[11], m[15]) = (header.QOffset.X, header.QOffset.Y, header.QOffset.Z, 1);
        return m;
    }

    private static double[] Base(NiftiHeader header)
    {
        // Dimensions the image does not have count as one voxel of 1 mm (nibabel's shape_zoom_affine).
        double Zoom(int axis) => axis < header.Dims.Count ? header.PixDim[axis + 1] : 1;
        double zx = Zoom(0), zy = Zoom(1), zz = Zoom(2);
        double ox = (header.Dim(0) - 1) / 2.0, oy = (header.Dim(1) - 1) / 2.0, oz = (header.Dim(2) - 1) / 2.0;
        return [-zx, 0, 0, ox * zx, 0, zy, 0, -oy * zy, 0, 0, zz, -oz * zz, 0, 0, 0, 1];
    }
}
