namespace Conduit.Abstractions.Messages;

/// <summary>
/// Where a frame lies in patient or scanner space, in millimetres: pixel spacing along rows and columns, the spacing
/// between frames, the position of the first pixel, and the direction cosines of rows and columns (as in DICOM's
/// Image Orientation (Patient)).
/// </summary>
/// <param name="SpacingX">Distance between pixel centres along a row.</param>
/// <param name="SpacingY">Distance between pixel centres along a column.</param>
/// <param name="SpacingZ">Distance between consecutive frames.</param>
/// <param name="Origin">Position of the centre of the first pixel (x, y, z).</param>
/// <param name="RowDirection">Direction cosines of a row (unit vector).</param>
/// <param name="ColumnDirection">Direction cosines of a column (unit vector).</param>
public readonly record struct FrameGeometry(
    double SpacingX,
    double SpacingY,
    double SpacingZ,
    (double X, double Y, double Z) Origin,
    (double X, double Y, double Z) RowDirection,
    (double X, double Y, double Z) ColumnDirection)
{
    /// <summary>Unit spacing, origin at zero, rows along x and columns along y.</summary>
    public static FrameGeometry Default { get; } = Isotropic(1.0);

    /// <summary>Axis-aligned geometry with the same spacing in every direction.</summary>
    public static FrameGeometry Isotropic(double spacing) =>
        new(spacing, spacing, spacing, (0, 0, 0), (1, 0, 0), (0, 1, 0));
}
