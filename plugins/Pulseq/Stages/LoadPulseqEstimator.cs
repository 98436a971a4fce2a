using Conduit.Abstractions.Memory;

namespace Conduit.Plugins.Pulseq.Stages;

/// <summary>
/// Memory of <c>pulseq.load</c>: the parse holds the file's bytes, its rows and the model at once, measured as the
/// smallest GC heap limit under which <c>conduit inspect</c> still reads the file, less the host's own: 13× the file
/// for a 0.3 MB EPI, 16× for the 3.1 MB, 92,880-block MPRAGE. The estimate is 20 × file size + 1 MiB, and the stage
/// reserves it from its budget before it reads a byte.
/// </summary>
public sealed class LoadPulseqEstimator : IMemoryEstimator<LoadPulseqOptions>
{
    /// <summary>Bytes of parse memory per byte of file.</summary>
    public const long BytesPerFileByte = 20;

    /// <summary>Fixed part of the estimate.</summary>
    public const long FixedBytes = 1 << 20;

    /// <summary>The estimate for a file of <paramref name="fileBytes"/> bytes.</summary>
    public static long PeakBytes(long fileBytes) => fileBytes > (long.MaxValue - FixedBytes) / BytesPerFileByte ? long.MaxValue : (fileBytes * BytesPerFileByte) + FixedBytes;

    /// <inheritdoc />
    public MemoryEstimate Estimate(LoadPulseqOptions options, MemoryEstimationContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = System.IO.Path.GetFullPath(options.Path, context.BaseDirectory ?? Environment.CurrentDirectory);
        return new MemoryEstimate(PeakBytes(new FileInfo(path).Length), 0, "20 × file size + 1 MiB (the parse: bytes, rows and model)");
    }
}
