using System.Globalization;
using Conduit.Plugins.Dicos.Dicom;
using static Conduit.Plugins.Dicos.Dicom.DicomValues;

namespace Conduit.Plugins.Dicos.Objects;

/// <summary>
/// The data set of a DICOS CT image (without its pixel data): the SOP common, general (scan, series, equipment,
/// image) and DICOS modules the SDK's files carry, the multi-frame pixel module, and the shared and per-frame
/// functional groups (orientation, pixel measures, rescale, X-ray details, frame type; one plane position per frame).
/// </summary>
public sealed class DicosCtHeader
{
    /// <summary>Rows of every frame.</summary>
    public required int Rows { get; init; }

    /// <summary>Columns of every frame.</summary>
    public required int Columns { get; init; }

    /// <summary>Pixel spacing (row, column) in millimetres.</summary>
    public required (double Row, double Column) PixelSpacing { get; init; }

    /// <summary>Slice thickness in millimetres.</summary>
    public required double SliceThickness { get; init; }

    /// <summary>Row and column direction cosines.</summary>
    public (double X, double Y, double Z, double X2, double Y2, double Z2) Orientation { get; init; } = (1, 0, 0, 0, 1, 0);

    /// <summary>Each frame's first-pixel position.</summary>
    public required IReadOnlyList<(double X, double Y, double Z)> Positions { get; init; }

    /// <summary>Stored values are signed (Pixel Representation 1).</summary>
    public bool Signed { get; init; }

    /// <summary>Value = stored × slope + intercept.</summary>
    public double RescaleSlope { get; init; } = 1;

    /// <summary>Value = stored × slope + intercept.</summary>
    public double RescaleIntercept { get; init; }

    /// <summary>What the rescaled values mean (Rescale Type).</summary>
    public string RescaleType { get; init; } = "MU";

    /// <summary>Study, series and instance description.</summary>
    public string Description { get; init; } = "CONDUIT RECONSTRUCTION";

    /// <summary>The object's UIDs: new ones unless given, the same for every <see cref="Build"/> of this header.</summary>
    public DicosObjectUids Uids { get; init; } = DicosObjectUids.Create();

    /// <summary>The data set. Its length depends only on the number of frames: positions are written at the full width
    /// of a DS value, so that a writer can leave room for the header before it has seen the frames.</summary>
    public DicomDataSet Build(DateTime now)
    {
        var (date, time) = (now.ToString("yyyyMMdd", CultureInfo.InvariantCulture), now.ToString("HHmmss.ffffff", CultureInfo.InvariantCulture));
        var d = new DicomDataSet();
        DicosCommonModules.Add(d, DicosSopClasses.Ct, "CT", now, Description, Uids.FrameOfReference, Uids);
        d.AddText(0x0008, 0x0008, "CS", "ORIGINAL", "PRIMARY", "VOLUME", "NONE");
        d.AddText(0x0008, 0x002A, "DT", date + time);
        d.AddText(0x0008, 0x9205, "CS", "MONOCHROME");
        d.AddText(0x0008, 0x9206, "CS", "VOLUME");
        d.AddText(0x0008, 0x9207, "CS", "NONE");
        d.AddUInt16(0x0028, 0x0002, 1);
        d.AddText(0x0028, 0x0004, "CS", "MONOCHROME2");
        d.AddText(0x0028, 0x0008, "IS", Positions.Count.ToString(CultureInfo.InvariantCulture));
        d.AddUInt16(0x0028, 0x0010, (ushort)Rows);
        d.AddUInt16(0x0028, 0x0011, (ushort)Columns);
        d.AddUInt16(0x0028, 0x0100, 16);
        d.AddUInt16(0x0028, 0x0101, 16);
        d.AddUInt16(0x0028, 0x0102, 15);
        d.AddUInt16(0x0028, 0x0103, (ushort)(Signed ? 1 : 0));
        d.AddText(0x0028, 0x0301, "CS", "NO");
        d.AddText(0x2050, 0x0020, "CS", "IDENTITY");
        d.Add(new DicomElement(new DicomTag(0x5200, 0x9229), [Shared()]));
        d.Add(new DicomElement(new DicomTag(0x5200, 0x9230), [.. Positions.Select(PerFrame)]));
        return d;
    }

    private DicomDataSet Shared()
    {
        var shared = new DicomDataSet();
        shared.Add(Sequence(new DicomTag(0x0018, 0x9329), Item(
            DicomValues.Text(new DicomTag(0x0008, 0x9007), "CS", "ORIGINAL", "PRIMARY", "VOLUME", "NONE"),
            DicomValues.Text(new DicomTag(0x0008, 0x9205), "CS", "MONOCHROME"),
            DicomValues.Text(new DicomTag(0x0008, 0x9206), "CS", "VOLUME"),
            DicomValues.Text(new DicomTag(0x0008, 0x9207), "CS", "NONE"))));
        var o = Orientation;
        shared.Add(Sequence(new DicomTag(0x0020, 0x9116), Item(DicomValues.Text(new DicomTag(0x0020, 0x0037), "DS", [.. new[] { o.X, o.Y, o.Z, o.X2, o.Y2, o.Z2 }.Select(Decimal)]))));
        shared.Add(Sequence(new DicomTag(0x0028, 0x9110), Item(
            DicomValues.Text(new DicomTag(0x0018, 0x0050), "DS", Decimal(SliceThickness)),
            DicomValues.Text(new DicomTag(0x0028, 0x0030), "DS", Decimal(PixelSpacing.Row), Decimal(PixelSpacing.Column)))));
        shared.Add(Sequence(new DicomTag(0x0028, 0x9145), Item(
            DicomValues.Text(new DicomTag(0x0028, 0x1052), "DS", Decimal(RescaleIntercept)),
            DicomValues.Text(new DicomTag(0x0028, 0x1053), "DS", Decimal(RescaleSlope)),
            DicomValues.Text(new DicomTag(0x0028, 0x1054), "LO", RescaleType))));
        return shared;
    }

    private static DicomDataSet PerFrame((double X, double Y, double Z) position)
    {
        var item = new DicomDataSet();
        item.Add(Sequence(new DicomTag(0x0020, 0x9113), Item(DicomValues.Text(new DicomTag(0x0020, 0x0032), "DS", FullWidth(position.X), FullWidth(position.Y), FullWidth(position.Z)))));
        return item;
    }

    // DS values may carry trailing spaces (PS3.5 6.2); 16 is their maximum length.
    private static string FullWidth(double value) => Decimal(value).PadRight(16);
}
