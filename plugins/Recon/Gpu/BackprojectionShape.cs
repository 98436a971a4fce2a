namespace Conduit.Plugins.Recon.Gpu;

/// <summary>The sizes a back-projection kernel needs, passed by value.</summary>
internal readonly record struct BackprojectionShape(int OutputSize, int Detectors, int Angles, int Mask, double MaskRadiusSquared);
