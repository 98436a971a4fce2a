using System.Globalization;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Threats;
using static Conduit.Plugins.Dicos.Dicom.DicomValues;

namespace Conduit.Plugins.Dicos.Objects;

/// <summary>
/// The data set of a DICOS Threat Detection Report: the common DICOS modules (in the referenced image's scan and frame
/// of reference), the TDR module (machine report, algorithm, alarm decision, object counts, processing time) and one
/// Threat Sequence item per potential threat object, each with its referenced image, its voxel ROI (base, extents,
/// bitmap) and its ATD assessment.
/// </summary>
public sealed class DicosTdrHeader
{
    /// <summary>The potential threat objects.</summary>
    public required IReadOnlyList<ThreatObject> Threats { get; init; }

    /// <summary>The image the objects were found in.</summary>
    public required ReferencedImage Image { get; init; }

    /// <summary>Threat detection algorithm name.</summary>
    public string Algorithm { get; init; } = "Conduit threshold";

    /// <summary>Threat detection algorithm version.</summary>
    public string AlgorithmVersion { get; init; } = "1";

    /// <summary>Threat Category of every object (a DICOS defined term).</summary>
    public string ThreatCategory { get; init; } = "ANOMALY";

    /// <summary>Threat Category Description of every object.</summary>
    public string CategoryDescription { get; init; } = "";

    /// <summary>Total Processing Time in milliseconds.</summary>
    public double ProcessingMilliseconds { get; init; }

    /// <summary>The data set, with a new instance UID.</summary>
    public DicomDataSet Build(DateTime now)
    {
        var d = new DicomDataSet();
        DicosCommonModules.Add(d, DicosSopClasses.ThreatDetectionReport, "TDR", now, "CONDUIT THREAT DETECTION", Image.FrameOfReferenceUid ?? DicomUids.Create());
        if (Image.StudyInstanceUid is { } study)
        {
            d.AddText(0x0020, 0x000D, "UI", study);
        }

        var dateTime = now.ToString("yyyyMMddHHmmss.ffffff", CultureInfo.InvariantCulture);
        d.Add(new DicomElement(new DicomTag(0x4010, 0x1011), [.. Threats.Select(Threat)]));
        d.AddText(0x4010, 0x1024, "CS", "SUCCESS");
        d.AddText(0x4010, 0x1027, "CS", "MACHINE");
        d.AddText(0x4010, 0x1029, "LO", Algorithm, AlgorithmVersion);
        d.AddText(0x4010, 0x102B, "DT", dateTime);
        d.AddText(0x4010, 0x1031, "CS", Threats.Count > 0 ? "ALARM" : "CLEAR");
        d.AddUInt16(0x4010, 0x1033, checked((ushort)Threats.Count));
        d.AddUInt16(0x4010, 0x1034, checked((ushort)Threats.Count));
        d.Add(Float32(new DicomTag(0x4010, 0x1069), (float)ProcessingMilliseconds));
        d.AddText(0x4010, 0x106D, "CS", "NO");
        return d;
    }

    private DicomDataSet Threat(ThreatObject threat)
    {
        var voxels = Item(
            Float32(new DicomTag(0x4010, 0x1004), threat.Base.X, threat.Base.Y, threat.Base.Z),
            Float32(new DicomTag(0x4010, 0x1005), threat.Extents.X, threat.Extents.Y, threat.Extents.Z),
            Bytes(new DicomTag(0x4010, 0x1006), DicomVr.OB, threat.Bitmap));
        var representation = Item(
            Sequence(new DicomTag(0x0008, 0x114A), Item(
                Text(new DicomTag(0x0008, 0x1150), "UI", Image.SopClassUid),
                Text(new DicomTag(0x0008, 0x1155), "UI", Image.SopInstanceUid))),
            Sequence(new DicomTag(0x4010, 0x1001), voxels));
        var assessment = Item(
            Text(new DicomTag(0x4010, 0x1012), "CS", ThreatCategory),
            Text(new DicomTag(0x4010, 0x1013), "LT", CategoryDescription),
            Text(new DicomTag(0x4010, 0x1014), "CS", "NO_INTERFERENCE"),
            Text(new DicomTag(0x4010, 0x1015), "CS", "THREAT"));
        return Item(
            UInt16(new DicomTag(0x4010, 0x1010), checked((ushort)threat.Id)),
            Sequence(new DicomTag(0x4010, 0x1037), representation),
            Sequence(new DicomTag(0x4010, 0x1038), assessment));
    }
}
