using Conduit.Abstractions.Memory;

namespace Conduit.Plugins.Pulseq.Stages;

/// <summary>
/// Memory of <c>pulseq.load</c>: the parse holds the file's bytes, its rows and the model at once, measured as the
/// smallest GC heap limit under which <c>conduit inspect</c> still reads the file, less the host's own: 13× the file
/// for a 0.3 MB EPI, 16× for the 3.1 MB, 92,880-block MPRAGE. Run-length coded shapes can decode to far more than
/// the file (two 15 M-sample CW pulses in a 48 KB CEST file), so the estimate is 20 × file size + 1 MiB + 8 bytes per
/// shape sample the <c>[SHAPES]</c> section declares (its <c>num_samples</c> lines, scanned without parsing), and the
/// stage reserves it from its budget before it parses.
/// </summary>
public sealed class LoadPulseqEstimator : IMemoryEstimator<LoadPulseqOptions>
{
    /// <summary>Bytes of parse memory per byte of file.</summary>
    public const long BytesPerFileByte = 20;

    /// <summary>Fixed part of the estimate.</summary>
    public const long FixedBytes = 1 << 20;

    /// <summary>The estimate for a file of <paramref name="fileBytes"/> bytes whose shapes declare
    /// <paramref name="shapeSamples"/> samples.</summary>
    public static long PeakBytes(long fileBytes, long shapeSamples) =>
        fileBytes > (long.MaxValue / 2) / BytesPerFileByte || shapeSamples > (long.MaxValue / 2) / sizeof(double)
            ? long.MaxValue
            : (fileBytes * BytesPerFileByte) + FixedBytes + (shapeSamples * sizeof(double));

    /// <summary>The sum of the <c>num_samples</c> the <c>[SHAPES]</c> section of <paramref name="path"/> declares
    /// (0 when it has none; capped, never overflowing).</summary>
    public static long DeclaredShapeSamples(string path)
    {
        long total = 0;
        var inShapes = false;
        foreach (var line in File.ReadLines(path))
        {
            var text = line.AsSpan().Trim();
            if (text.StartsWith("["))
            {
                inShapes = text.SequenceEqual("[SHAPES]");
            }
            else if (inShapes && text.StartsWith("num_samples") && long.TryParse(text["num_samples".Length..].Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var samples) && samples > 0)
            {
                total = Math.Min(total + samples, long.MaxValue / 4);
            }
        }

        return total;
    }

    /// <inheritdoc />
    public MemoryEstimate Estimate(LoadPulseqOptions options, MemoryEstimationContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = System.IO.Path.GetFullPath(options.Path, context.BaseDirectory ?? Environment.CurrentDirectory);
        return new MemoryEstimate(PeakBytes(new FileInfo(path).Length, DeclaredShapeSamples(path)), 0, "20 × file size + 1 MiB + 8 × declared shape samples (the parse: bytes, rows, model and decoded shapes)");
    }
}
