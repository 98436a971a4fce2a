using System.Globalization;
using Conduit.Plugins.Pulseq.Model;

namespace Conduit.Plugins.Pulseq.Parsing;

/// <summary>
/// Reads Pulseq <c>.seq</c> files of format 1.2.x to 1.5.x into a <see cref="PulseqSequence"/>. Every problem is a
/// <see cref="PulseqDataException"/> naming the file and line; what is odd but readable becomes a warning.
/// </summary>
public static class SeqReader
{
    /// <summary>Decoded shape samples any file may hold, whatever its size (64 Mi: 512 MiB as doubles).</summary>
    public const long MaxDecodedSamples = 1L << 26;

    /// <summary>Default rasters of files that do not define them (the v1.2/1.3 defaults).</summary>
    private static readonly SequenceRasters LegacyRasters = new(10_000_000, 1_000_000, 100_000, 10_000_000);

    /// <summary>Reads a file; <paramref name="cancellationToken"/> stops the parse within milliseconds.</summary>
    /// <exception cref="PulseqDataException">The file is not a readable Pulseq sequence.</exception>
    public static PulseqSequence Read(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PulseqDataException(path, e.Message);
        }

        return Parse(bytes, path, cancellationToken);
    }

    /// <summary>Reads a sequence from its bytes; <paramref name="name"/> names it in messages.</summary>
    /// <exception cref="PulseqDataException">The bytes are not a readable Pulseq sequence.</exception>
    public static PulseqSequence Parse(ReadOnlySpan<byte> bytes, string? name = null, CancellationToken cancellationToken = default)
    {
        var raw = SeqScanner.Scan(bytes, name, cancellationToken);
        var version = VersionOf(raw, name);
        var warnings = new List<string>(raw.Warnings);
        var rasters = RastersOf(raw.Definitions, version, warnings, name);
        cancellationToken.ThrowIfCancellationRequested();
        var shapes = ShapesOf(raw, version, name, bytes.Length);
        cancellationToken.ThrowIfCancellationRequested();
        var events = new SeqEventParser(version, rasters, shapes);
        if (version.AtLeast14 && raw.Delays.Count > 0)
        {
            throw new PulseqDataException(name, "[DELAYS] is not allowed in format 1.4 and later", raw.DelaysLine);
        }

        var assembler = new SequenceAssembler(name, version, rasters, warnings)
        {
            Rf = events.Rf(raw.Rf),
            Gradients = events.Gradients(raw.Gradients, raw.Traps),
            Adc = events.Adc(raw.Adc),
            LegacyDelays = SeqEventParser.Delays(raw.Delays),
            Shapes = shapes,
        };
        var signature = raw.SignatureOffset < 0
            ? SignatureCheck.Absent
            : SignatureVerifier.Verify(bytes, raw.SignatureOffset, raw.SignatureType, raw.SignatureHash);
        if (signature.Present && !signature.Verified)
        {
            warnings.Add($"the {signature.Type ?? "(no type)"} signature does not match the file's contents");
        }

        return new PulseqSequence(assembler.Assemble(raw, signature));
    }

    private static PulseqVersion VersionOf(RawSequence raw, string? name)
    {
        if (raw.Major is not { } major || raw.Minor is not { } minor)
        {
            throw new PulseqDataException(name, "no [VERSION] section with major and minor; a Pulseq file must declare its format version", raw.VersionLine == 0 ? null : raw.VersionLine);
        }

        var revisionText = raw.Revision?.Fields[1] ?? "0";
        var digits = revisionText.TakeWhile(char.IsAsciiDigit).Count();
        var revision = digits == 0 ? 0 : int.Parse(revisionText.AsSpan(0, Math.Min(digits, 6)), CultureInfo.InvariantCulture);
        var version = new PulseqVersion((int)major.Long(1, "major", 0, 1000), (int)minor.Long(1, "minor", 0, 1000), revision, revisionText);
        if (version.Major != 1 || version.Minor is < 2 or > 5)
        {
            throw major.Error($"format version {version} is not supported; this reader reads 1.2.x to 1.5.x");
        }

        return version;
    }

    private static SequenceRasters RastersOf(List<KeyValuePair<string, string>> definitions, PulseqVersion version, List<string> warnings, string? name)
    {
        long Raster(string key, long fallback)
        {
            var entry = definitions.FindLast(d => string.Equals(d.Key, key, StringComparison.Ordinal));
            if (entry.Key is null)
            {
                if (version.AtLeast14)
                {
                    warnings.Add(string.Create(CultureInfo.InvariantCulture, $"required definition {key} is missing; using {fallback * 1e-12} s"));
                }

                return fallback;
            }

            if (!double.TryParse(entry.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds > 0) || seconds > 1)
            {
                throw new PulseqDataException(name, $"definition {key} is \"{entry.Value}\", expected a raster time in seconds (0 < t ≤ 1)");
            }

            var ps = (long)Math.Round(seconds * 1e12);
            return ps >= 1 ? ps : throw new PulseqDataException(name, $"definition {key} is {entry.Value} s, below the 1 ps this reader resolves");
        }

        return new SequenceRasters(
            Raster("GradientRasterTime", LegacyRasters.GradientPs),
            Raster("RadiofrequencyRasterTime", LegacyRasters.RadiofrequencyPs),
            Raster("AdcRasterTime", LegacyRasters.AdcPs),
            Raster("BlockDurationRaster", LegacyRasters.BlockDurationPs));
    }

    private static Dictionary<int, Shape> ShapesOf(RawSequence raw, PulseqVersion version, string? name, long fileBytes)
    {
        // Each shape's runs are checked against its num_samples before it is expanded, so what is allocated is what
        // the file really codes. Run-length coding still lets a small file code much (a 48 KB CEST file holds two 15 s
        // CW pulses of 15 M samples each), so all shapes together are held to max(64 Mi, 32 × the file's size)
        // samples: 512 MiB decoded, as pulseq.load's estimate counts it.
        var budget = Math.Max(MaxDecodedSamples, 32 * fileBytes);
        long total = 0;
        foreach (var shape in raw.Shapes)
        {
            // All shapes are counted before any is expanded, so a refused file allocates nothing.
            total += shape.Samples;
            if (total > budget)
            {
                throw new PulseqDataException(name, $"shape {shape.Id} brings the decoded shapes past max(64 Mi, 32 × file size) samples ({budget * sizeof(double) >> 20} MiB decoded), more than this reader holds", shape.Line);
            }
        }

        var shapes = new Dictionary<int, Shape>();
        foreach (var shape in raw.Shapes)
        {
            var compressed = !version.AtLeast14 || shape.Stored.Count != shape.Samples;
            var values = ShapeDecoder.Expand(shape.Stored, shape.Samples, !version.AtLeast14,
                problem => new PulseqDataException(name, $"shape {shape.Id}: {problem}", shape.Line));
            if (!shapes.TryAdd(shape.Id, new Shape(shape.Id, values, shape.Stored.Count, compressed)))
            {
                throw new PulseqDataException(name, $"shape id {shape.Id} is defined twice", shape.Line);
            }
        }

        return shapes;
    }
}
