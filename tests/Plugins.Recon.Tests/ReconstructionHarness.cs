using System.Runtime.InteropServices;
using Conduit.Plugins.Recon.Backprojection;
using Conduit.Plugins.Recon.Geometry;
using Conduit.Plugins.Recon.Phantom;

namespace Conduit.Plugins.Recon.Tests;

/// <summary>Phantoms, their sinograms and reconstructions in plain arrays, for tests that compare images.</summary>
internal static class ReconstructionHarness
{
    public static float[] Phantom(int size, double turnDegrees = 0)
    {
        var image = new float[size * size];
        SheppLoganPhantom.Draw(image, size, turnDegrees);
        return image;
    }

    public static float[] Sinogram(ParallelBeamGeometry geometry, int size, double turnDegrees = 0)
    {
        var sinogram = new float[geometry.AngleCount * geometry.Detectors];
        SheppLoganPhantom.Project(sinogram, geometry, size, turnDegrees);
        return sinogram;
    }

    public static float[] ReconstructCpu(ParallelBeamGeometry geometry, FbpSettings settings, float[] sinogram, int workers = 2)
    {
        var fbp = new CpuFbp(geometry, settings, workers);
        var input = MemoryMarshal.AsBytes(sinogram.AsSpan()).ToArray();
        var output = new byte[settings.SliceBytes];
        fbp.Reconstruct([input], [output], new byte[fbp.ScratchBytes(1)]);
        return MemoryMarshal.Cast<byte, float>(output).ToArray();
    }

    public static double Rmse(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = (double)a[i] - b[i];
            sum += d * d;
        }

        return Math.Sqrt(sum / a.Length);
    }
}
