using Conduit.Abstractions.Inspection;
using Conduit.Plugins.Fcs.Reading;

namespace Conduit.Plugins.Fcs.Inspection;

/// <summary>
/// <c>conduit inspect</c> for FCS files: version, data type, byte order, parameters, events and data sets, the
/// channels with their ranges and amplification, spillover, and every tolerated oddity. Reads HEADER and TEXT only.
/// </summary>
public sealed class FcsInspector : IFileInspector
{
    private static readonly string[] Extensions = [".fcs", ".lmd", ".fcs3"];

    /// <inheritdoc />
    public string Format => "FCS flow cytometry data";

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName)
    {
        if (header.Length >= 10 && header.StartsWith("FCS"u8) && header[4] == (byte)'.' && header[6..10].SequenceEqual("    "u8))
        {
            return InspectionMatch.Content;
        }

        return Extensions.Any(e => fileName.EndsWith(e, StringComparison.OrdinalIgnoreCase)) ? InspectionMatch.Extension : InspectionMatch.None;
    }

    /// <inheritdoc />
    public ValueTask<InspectionReport> InspectAsync(string path, CancellationToken cancellationToken)
    {
        // Inspection summarises what is there, so it reads leniently and lists every tolerated oddity as a note.
        var file = FcsFile.Open(path, new FcsReadOptions { Lenient = true, VerifyCrc = true });
        var first = file.DataSets[0];
        var fields = new List<InspectionField>
        {
            new("version", first.Version),
            new("datatype", first.Keywords["$DATATYPE"]?.Trim()),
            new("byteorder", first.ByteOrder?.Text),
            new("parameters", first.Channels.Count),
            new("events", first.EventCount),
            new("dataSets", file.DataSets.Count),
            new("channels", string.Join(", ", first.Channels.Select(c => c.Name))),
            new("cytometer", first.Keywords["$CYT"]?.Trim()),
            new("timestep", first.TimeStep),
            new("spillover", first.Spillover is { } s ? $"{s.Channels.Count}x{s.Channels.Count} from {s.Source}" : null),
            new("crc", first.Crc),
            new("fileBytes", file.Length, "bytes"),
        };
        var channels = first.Channels
            .Select(c => (IReadOnlyList<object?>)[c.Number, c.Name, c.Label, c.Bits, c.Range, c.Decades > 0 ? $"log {c.Decades} decades" : "linear", c.Gain])
            .ToList();
        var notes = file.DataSets
            .SelectMany((d, i) => d.Diagnostics.Select(n => (IReadOnlyList<object?>)[i + 1, n]))
            .ToList();
        var tables = new List<InspectionTable> { new("parameterTable", ["n", "name", "label", "bits", "range", "amplification", "gain"], channels) };
        if (notes.Count > 0)
        {
            tables.Add(new InspectionTable("notes", ["dataSet", "note"], notes));
        }

        return ValueTask.FromResult(new InspectionReport(Format, path, fields, tables));
    }
}
