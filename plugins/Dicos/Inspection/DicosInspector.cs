using Conduit.Abstractions.Inspection;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Threats;

namespace Conduit.Plugins.Dicos.Inspection;

/// <summary>
/// <c>conduit inspect</c> for DICOS and other DICOM files: SOP class, transfer syntax, modality, a threat report's
/// decision and objects, the image pixel module from the header and the sum of frame 1's values (decoded when
/// compressed; floats for Float and Double Float Pixel Data), with a note where the pixels cannot be read.
/// </summary>
public sealed class DicosInspector : IFileInspector
{
    /// <inheritdoc />
    public string Format => "DICOS/DICOM file";

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (header.Length >= 132 && header.Slice(128, 4).SequenceEqual("DICM"u8))
        {
            return InspectionMatch.Content;
        }

        return fileName.EndsWith(".dcs", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".dcm", StringComparison.OrdinalIgnoreCase)
            ? InspectionMatch.Extension
            : InspectionMatch.None;
    }

    /// <inheritdoc />
    public ValueTask<InspectionReport> InspectAsync(string path, CancellationToken cancellationToken)
    {
        using var mapped = MappedDicomFile.Open(path);
        var file = mapped.File;
        var d = file.DataSet;
        var fields = new List<InspectionField>
        {
            new("sopClassUid", d.GetString(DicomKeywords.SopClassUid) ?? file.Meta.GetString(new DicomTag(0x0002, 0x0002))),
            new("transferSyntaxUid", file.TransferSyntax.Uid),
            new("transferSyntax", file.TransferSyntax.Name),
            new("modality", d.GetString(DicomKeywords.Modality)),
            new("elements", d.Elements.Count),
        };
        var notes = new List<string>();
        var tables = new List<InspectionTable>();
        if (ThreatReport.IsReport(file))
        {
            var report = ThreatReport.Read(file);
            fields.Add(new("alarmDecision", report.AlarmDecision));
            fields.Add(new("potentialThreatObjects", report.Threats.Count));
            fields.Add(new("threatVoxels", report.Threats.Sum(t => t.Voxels)));
            if (report.Threats.Count > 0)
            {
                tables.Add(new InspectionTable("objects", ["id", "base", "extents", "voxels"], [.. report.Threats.Select(t => (IReadOnlyList<object?>)
                    [t.Id, $"{t.Base.X} {t.Base.Y} {t.Base.Z}", $"{t.Extents.X} × {t.Extents.Y} × {t.Extents.Z}", t.HasMask ? t.Voxels : "box only"])]));
            }

            if (report.Threats.Count(t => !t.HasMask) is var boxOnly and > 0)
            {
                notes.Add($"{boxOnly} of {report.Threats.Count} objects have an empty (4010,1006) bitmap: the report gives their boxes, not their voxels");
            }
        }

        // The image pixel module comes from the header whenever it is there; the pixels are summed where they can be.
        if (d.Contains(DicomKeywords.Rows) && d.Contains(DicomKeywords.Columns))
        {
            fields.AddRange(
            [
                new("rows", (int)(d.GetInteger(DicomKeywords.Rows) ?? 0)),
                new("columns", (int)(d.GetInteger(DicomKeywords.Columns) ?? 0)),
                new("frames", (int)(d.GetInteger(DicomKeywords.NumberOfFrames) ?? 1)),
                new("samplesPerPixel", (int)(d.GetInteger(DicomKeywords.SamplesPerPixel) ?? 1)),
                new("bitsAllocated", (int?)d.GetInteger(DicomKeywords.BitsAllocated)),
                new("bitsStored", (int?)d.GetInteger(DicomKeywords.BitsStored)),
                new("pixelRepresentation", (int?)d.GetInteger(DicomKeywords.PixelRepresentation)),
                new("photometricInterpretation", d.GetString(DicomKeywords.PhotometricInterpretation)),
            ]);
            fields.Add(PixelSum(file, notes));
        }

        if (notes.Count > 0)
        {
            tables.Add(new InspectionTable("notes", ["note"], [.. notes.Select(n => (IReadOnlyList<object?>)[n])]));
        }

        return ValueTask.FromResult(new InspectionReport(Format, path, fields, tables));
    }

    /// <summary>The sum of frame 1's values: stored integers, or floats for Float and Double Float Pixel Data; null with a
    /// note saying why when the pixels cannot be decoded.</summary>
    private static InspectionField PixelSum(DicomFile file, List<string> notes)
    {
        var d = file.DataSet;
        var kind = d.Contains(DicomTag.PixelData) ? "Pixel Data (7FE0,0010)"
            : d.Contains(DicomTag.FloatPixelData) ? "Float Pixel Data (7FE0,0008)"
            : d.Contains(DicomTag.DoubleFloatPixelData) ? "Double Float Pixel Data (7FE0,0009)"
            : null;
        if (kind is null)
        {
            var others = d.Elements.Where(e => e.Tag.Group == 0x7FE0).Select(e => $"{e.Tag} {e.Vr.Code}").ToList();
            notes.Add(others.Count > 0
                ? $"the pixels are in {string.Join(", ", others)}, not in a standard pixel data element: a pre-standard DICOS (V02A) data type, not decoded"
                : "the data set has an image pixel module but no pixel data");
            return new InspectionField("pixelSum", null);
        }

        var image = new DicomImage(file);
        if (image.DecodeProblem(0) is { } problem)
        {
            notes.Add($"{kind} not decoded: {problem}");
            return new InspectionField("pixelSum", null);
        }

        return image.IsFloat ? new InspectionField("pixelSum", image.FloatSum(0)) : new InspectionField("pixelSum", image.StoredSum(0));
    }
}
