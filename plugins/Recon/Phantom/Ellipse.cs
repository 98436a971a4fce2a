namespace Conduit.Plugins.Recon.Phantom;

/// <summary>An ellipse of constant added density, in coordinates where the phantom spans [−1, 1] on both axes.</summary>
/// <param name="Density">Added to every point inside.</param>
/// <param name="SemiAxisX">Semi-axis along x before rotation.</param>
/// <param name="SemiAxisY">Semi-axis along y before rotation.</param>
/// <param name="CentreX">Centre x.</param>
/// <param name="CentreY">Centre y (up).</param>
/// <param name="RotationDegrees">Counter-clockwise rotation of the axes.</param>
internal readonly record struct Ellipse(double Density, double SemiAxisX, double SemiAxisY, double CentreX, double CentreY, double RotationDegrees);
