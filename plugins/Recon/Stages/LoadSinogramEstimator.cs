using Conduit.Abstractions.Memory;
using Conduit.Plugins.Recon.Loading;

namespace Conduit.Plugins.Recon.Stages;

/// <summary>Memory of <c>recon.load-sinogram</c>, from the file's header: one sinogram per message the output channel
/// holds plus the one being read, and the reader's conversion scratch.</summary>
public sealed class LoadSinogramEstimator : IMemoryEstimator<LoadSinogramOptions>
{
    /// <inheritdoc />
    public MemoryEstimate Estimate(LoadSinogramOptions options, MemoryEstimationContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = System.IO.Path.GetFullPath(options.Path, context.BaseDirectory ?? Environment.CurrentDirectory);
        using var source = SinogramFiles.Open(path, options.Dataset, options.AnglesDataset, options.Axes);
        var slice = 4L * source.Angles * source.Detectors;
        return new MemoryEstimate(slice * (context.ChannelCapacity + 1) + source.ScratchBytes, slice, "(channel capacity + 1) × angles × detectors × 4 + conversion scratch");
    }
}
