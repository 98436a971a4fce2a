using Conduit.Abstractions.Inspection;
using Conduit.Plugins.Pulseq.Parsing;
using Conduit.Plugins.Pulseq.Unrolling;

namespace Conduit.Plugins.Pulseq.Inspection;

/// <summary>
/// <c>conduit inspect</c> for Pulseq files: version, blocks, duration, events, ADC samples, signature, activity and
/// what unrolling would cost densely and as a stream; every warning as a note.
/// </summary>
public sealed class PulseqInspector : IFileInspector
{
    /// <inheritdoc />
    public string Format => "Pulseq MRI sequence";

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName)
    {
        if (header.IndexOf("[VERSION]"u8) >= 0 && (header.IndexOf("Pulseq"u8) >= 0 || header.IndexOf("major"u8) >= 0))
        {
            return InspectionMatch.Content;
        }

        return fileName.EndsWith(".seq", StringComparison.OrdinalIgnoreCase) ? InspectionMatch.Extension : InspectionMatch.None;
    }

    /// <inheritdoc />
    public ValueTask<InspectionReport> InspectAsync(string path, CancellationToken cancellationToken)
    {
        var sequence = SeqReader.Read(path, cancellationToken);
        var s = sequence.Summary;
        var defaults = new UnrollSettings();
        var fields = new List<InspectionField>
        {
            new("version", sequence.Version.ToString()),
            new("name", sequence.Name),
            new("blocks", s.Blocks),
            new("durationSeconds", s.DurationSeconds, "s"),
            new("rfEvents", s.RfEvents),
            new("rfChannels", s.RfChannels),
            new("gradientEvents", s.GradientEvents),
            new("adcEvents", s.AdcEvents),
            new("adcSamples", s.AdcSamples),
            new("shapes", s.Shapes),
            new("compressedShapes", s.CompressedShapes),
            new("extensions", string.Join(", ", sequence.Extensions.Select(e => e.IsKnown ? e.Name : e.Name + " (unknown)"))),
            new("signatureValid", sequence.Signature.Verified),
            new("signature", sequence.Signature.Verified ? $"{sequence.Signature.Type} verified ({sequence.Signature.Convention})" : sequence.Signature.Present ? $"{sequence.Signature.Type} does not verify" : "absent"),
            new("activeFraction", Math.Round(s.ActiveFraction, 6)),
            new("denseUnrollBytes", s.DenseBytes(defaults.SampleRate, 4), "bytes"),
            new("streamingUnrollBytes", SegmentPipeline.PeakBytes(defaults.SegmentFrames, 2), "bytes"),
        };
        var tables = new List<InspectionTable>
        {
            new("definitions", ["key", "value"], sequence.Definitions.Select(d => (IReadOnlyList<object?>)[d.Key, d.Value]).ToList()),
        };
        if (sequence.Warnings.Count > 0)
        {
            tables.Add(new InspectionTable("notes", ["note"], sequence.Warnings.Select(w => (IReadOnlyList<object?>)[w]).ToList()));
        }

        return ValueTask.FromResult(new InspectionReport(Format, path, fields, tables));
    }
}
