using Conduit.Abstractions.Inspection;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Threats;

namespace Conduit.Plugins.Dicos.Inspection;

/// <summary>
/// <c>conduit inspect</c> for DICOS and other DICOM files: SOP class, transfer syntax, modality, the pixel module and
/// the sum of frame 1's stored values (decoded when compressed).
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
        if (ThreatReport.IsReport(file))
        {
            var report = ThreatReport.Read(file);
            fields.Add(new("alarmDecision", report.AlarmDecision));
            fields.Add(new("potentialThreatObjects", report.Threats.Count));
            fields.Add(new("threatVoxels", report.Threats.Sum(t => t.Voxels)));
        }

        // Pixel data without an image pixel module (test files carry such stubs) gets no pixel fields.
        if (d.Contains(DicomTag.PixelData) && d.Contains(DicomKeywords.Rows) && d.Contains(DicomKeywords.Columns))
        {
            var image = new DicomImage(file);
            fields.AddRange(
            [
                new("rows", image.Rows),
                new("columns", image.Columns),
                new("frames", image.Frames),
                new("samplesPerPixel", image.SamplesPerPixel),
                new("bitsAllocated", image.BitsAllocated),
                new("bitsStored", image.BitsStored),
                new("pixelRepresentation", image.PixelRepresentation),
                new("photometricInterpretation", image.Photometric),
                image.CanDecode
                    ? new("pixelSum", image.StoredSum(0))
                    : new("pixelSum", null, $"not decoded: {file.TransferSyntax.Name} is not a codec of this plugin"),
            ]);
        }

        return ValueTask.FromResult(new InspectionReport(Format, path, fields, []));
    }
}
