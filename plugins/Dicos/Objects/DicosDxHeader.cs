using Conduit.Plugins.Dicos.Dicom;

namespace Conduit.Plugins.Dicos.Objects;

/// <summary>
/// The data set of a DICOS DX image (a projection radiograph) without its pixel data: the common DICOS modules, the DX
/// series and image modules (presentation intent, pixel intensity relationship, rescale, presentation LUT shape), the
/// image plane (position, orientation, pixel spacing) and a 16-bit grey image pixel module.
/// </summary>
public sealed class DicosDxHeader
{
    /// <summary>Rows.</summary>
    public required int Rows { get; init; }

    /// <summary>Columns.</summary>
    public required int Columns { get; init; }

    /// <summary>For presentation (display-ready values) or for processing (raw detector values).</summary>
    public required bool ForPresentation { get; init; }

    /// <summary>Pixel spacing (row, column) in millimetres.</summary>
    public (double Row, double Column) PixelSpacing { get; init; } = (1, 1);

    /// <summary>Position of the first pixel.</summary>
    public (double X, double Y, double Z) Position { get; init; }

    /// <summary>Row and column direction cosines.</summary>
    public (double X, double Y, double Z, double X2, double Y2, double Z2) Orientation { get; init; } = (1, 0, 0, 0, 1, 0);

    /// <summary>Stored values are signed (Pixel Representation 1).</summary>
    public bool Signed { get; init; }

    /// <summary>Value = stored × slope + intercept.</summary>
    public double RescaleSlope { get; init; } = 1;

    /// <summary>Value = stored × slope + intercept.</summary>
    public double RescaleIntercept { get; init; }

    /// <summary>What the rescaled values mean (Rescale Type); US is unspecified.</summary>
    public string RescaleType { get; init; } = "US";

    /// <summary>Scan, series and instance description.</summary>
    public string Description { get; init; } = "CONDUIT RADIOGRAPH";

    /// <summary>The data set, with new UIDs.</summary>
    public DicomDataSet Build(DateTime now)
    {
        var d = new DicomDataSet();
        DicosCommonModules.Add(d, ForPresentation ? DicosSopClasses.DxForPresentation : DicosSopClasses.DxForProcessing, "DX", now, Description, DicomUids.Create());
        d.AddText(0x0008, 0x0008, "CS", "ORIGINAL", "PRIMARY");
        d.AddText(0x0008, 0x0068, "CS", ForPresentation ? "FOR PRESENTATION" : "FOR PROCESSING");
        d.AddText(0x0020, 0x0020, "CS", "L", "F");
        var o = Orientation;
        d.AddText(0x0020, 0x0032, "DS", DicomValues.Decimal(Position.X), DicomValues.Decimal(Position.Y), DicomValues.Decimal(Position.Z));
        d.AddText(0x0020, 0x0037, "DS", [.. new[] { o.X, o.Y, o.Z, o.X2, o.Y2, o.Z2 }.Select(DicomValues.Decimal)]);
        d.AddUInt16(0x0028, 0x0002, 1);
        d.AddText(0x0028, 0x0004, "CS", "MONOCHROME2");
        d.AddUInt16(0x0028, 0x0010, (ushort)Rows);
        d.AddUInt16(0x0028, 0x0011, (ushort)Columns);
        d.AddText(0x0028, 0x0030, "DS", DicomValues.Decimal(PixelSpacing.Row), DicomValues.Decimal(PixelSpacing.Column));
        d.AddUInt16(0x0028, 0x0100, 16);
        d.AddUInt16(0x0028, 0x0101, 16);
        d.AddUInt16(0x0028, 0x0102, 15);
        d.AddUInt16(0x0028, 0x0103, (ushort)(Signed ? 1 : 0));
        d.AddText(0x0028, 0x0301, "CS", "NO");
        d.AddText(0x0028, 0x1040, "CS", "LIN");
        d.Add(new DicomElement(new DicomTag(0x0028, 0x1041), DicomVr.Of("SS"), new byte[] { 1, 0 }));
        d.AddText(0x0028, 0x1052, "DS", DicomValues.Decimal(RescaleIntercept));
        d.AddText(0x0028, 0x1053, "DS", DicomValues.Decimal(RescaleSlope));
        d.AddText(0x0028, 0x1054, "LO", RescaleType);
        d.AddText(0x0028, 0x2110, "CS", "00");
        d.AddText(0x2050, 0x0020, "CS", "IDENTITY");
        return d;
    }
}
