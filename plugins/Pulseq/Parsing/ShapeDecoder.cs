namespace Conduit.Plugins.Pulseq.Parsing;

/// <summary>
/// Expands a stored shape. Compressed shapes are run-length coded derivatives: a value repeated twice is followed by
/// the count of further repeats; the expanded derivative is then summed. Nothing is allocated beyond the declared
/// <c>num_samples</c>, whatever a corrupt count claims.
/// </summary>
internal static class ShapeDecoder
{
    /// <summary>The most samples a shape may declare: 16 Mi (a 16 s RF pulse on a 1 µs raster, 128 MiB decoded).</summary>
    public const int MaxSamples = 1 << 24;

    /// <summary>Expands <paramref name="stored"/> into exactly <paramref name="samples"/> values.</summary>
    /// <param name="stored">The values as written.</param>
    /// <param name="samples">The declared <c>num_samples</c>.</param>
    /// <param name="forceCompressed">v1.2/1.3: every shape is compressed, even when both counts are equal.</param>
    /// <param name="fail">Builds the error for a malformed shape.</param>
    public static double[] Expand(List<double> stored, int samples, bool forceCompressed, Func<string, Exception> fail)
    {
        if (samples > MaxSamples)
        {
            throw fail($"num_samples {samples} exceeds this reader's limit of {MaxSamples} samples per shape");
        }

        if (!forceCompressed && stored.Count == samples)
        {
            return [.. stored];
        }

        // Check the runs before allocating: a corrupt count is refused without reserving what it claims.
        CheckRuns(stored, samples, fail);
        var derivative = new double[samples];
        var written = 0;
        for (var read = 0; read < stored.Count;)
        {
            var value = stored[read];
            var run = read + 1 < stored.Count && stored[read + 1] == value ? 2 + (int)stored[read + 2] : 1;
            derivative.AsSpan(written, run).Fill(value);
            written += run;
            read += run == 1 ? 1 : 3;
        }

        double sum = 0;
        for (var i = 0; i < samples; i++)
        {
            sum += derivative[i];
            derivative[i] = sum;
        }

        return derivative;
    }

    // Walks the run-length coding as Expand does, counting samples only.
    private static void CheckRuns(List<double> stored, int samples, Func<string, Exception> fail)
    {
        long written = 0;
        var read = 0;
        while (read < stored.Count)
        {
            var value = stored[read];
            if (read + 1 < stored.Count && stored[read + 1] == value)
            {
                if (read + 2 >= stored.Count)
                {
                    throw fail($"run of {value} at stored value {read + 1} has no repeat count");
                }

                var extra = stored[read + 2];
                if (extra < 0 || extra != Math.Floor(extra) || written + 2 + extra > samples)
                {
                    throw fail($"repeat count {extra} at stored value {read + 3} is not a whole number that fits num_samples {samples} (already {written + 2})");
                }

                written += 2 + (long)extra;
                read += 3;
            }
            else
            {
                if (written >= samples)
                {
                    throw fail($"decompresses to more than num_samples {samples}");
                }

                written++;
                read++;
            }
        }

        if (written != samples)
        {
            throw fail($"decompresses to {written} samples, num_samples says {samples}");
        }
    }
}
