using Conduit.Fuzz.Targets;

namespace Conduit.Fuzz;

/// <summary>Every fuzzing target, by name.</summary>
internal static class FuzzTargets
{
    /// <summary>Target names with how to make each (a target may be costly to set up: the job target loads every
    /// bundled plugin's stage types).</summary>
    public static IReadOnlyDictionary<string, Func<FuzzTarget>> All { get; } = new Dictionary<string, Func<FuzzTarget>>(StringComparer.Ordinal)
    {
        ["fcs"] = () => new FcsTarget(),
        ["dicom"] = () => new DicomTarget(),
        ["jpeg-lossless"] = () => new JpegLosslessTarget(),
        ["rle"] = () => new RleTarget(),
        ["dicom-network"] = () => new DicomNetworkTarget(),
        ["nifti"] = () => new NiftiTarget(),
        ["pulseq"] = () => new PulseqTarget(),
        ["npy"] = () => SinogramTarget.Npy,
        ["hdf5"] = () => SinogramTarget.Hdf5,
        ["job"] = () => new JobTarget(),
    };
}
