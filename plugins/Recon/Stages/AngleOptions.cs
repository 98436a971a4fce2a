using Conduit.Abstractions.Errors;
using Conduit.Plugins.Recon.Geometry;

namespace Conduit.Plugins.Recon.Stages;

/// <summary>Builds a stage's projection angles: an explicit list, else the file's own, else evenly over an arc.</summary>
internal static class AngleOptions
{
    public static ParallelBeamGeometry Geometry(string source, int angleCount, int detectors, List<double> listed, double[]? fromFile, double arcDegrees, double startDegrees, double centreOffset, double detectorSpacing)
    {
        double[]? degrees = listed.Count > 0 ? [.. listed] : fromFile;
        if (degrees is null)
        {
            return ParallelBeamGeometry.Uniform(angleCount, detectors, arcDegrees, startDegrees, centreOffset, detectorSpacing);
        }

        if (degrees.Length != angleCount)
        {
            throw new ConduitDataException($"{source}: {degrees.Length} projection angles {(listed.Count > 0 ? "in the 'angles' option" : "in the file")}, but the sinogram has {angleCount} rows");
        }

        for (var i = 0; i < degrees.Length; i++)
        {
            if (!double.IsFinite(degrees[i]))
            {
                throw new ConduitDataException($"{source}: projection angle {i} {(listed.Count > 0 ? "in the 'angles' option" : "in the file")} is {degrees[i]}, not a number of degrees");
            }
        }

        return new ParallelBeamGeometry([.. degrees.Select(d => d * Math.PI / 180)], detectors, centreOffset, detectorSpacing);
    }
}
