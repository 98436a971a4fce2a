using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Inspection;
using Conduit.Plugins.Dicos.Threats;
using Conduit.Testing.Files;
using Conduit.Tests;

namespace Conduit.Plugins.Dicos.Tests.Inspection;

/// <summary>Files from the field that are valid but were refused or half-read: TDR objects given by their box alone,
/// float and double pixel data, and pixels in a pre-standard (7FE0,xxxx) element.</summary>
public sealed class FieldFilesInspectionTests : IDisposable
{
    private static readonly DicomTag Bitmap = new(0x4010, 0x1006);
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_tdr_object_with_an_empty_bitmap_is_read_as_its_box_and_the_missing_mask_is_noted()
    {
        // The SDK's own report with its one object's bitmap emptied, as the SDK writes box-only objects.
        var file = DicomFile.Open(Path.Combine(DicosTools.Shared, "SimpleBaggageTDR.dcs"));
        Roi(file).Add(DicomValues.Bytes(Bitmap, DicomVr.OB, ReadOnlyMemory<byte>.Empty));
        var path = Write(file.DataSet, "box-only.dcs");

        var report = ThreatReport.Read(DicomFile.Open(path));
        var inspection = await new DicosInspector().InspectAsync(path, TestContext.Current.CancellationToken);

        var threat = Assert.Single(report.Threats);
        Assert.Equal((9001, (12, 23, 45), (50, 50, 100), false, 0L), (threat.Id, threat.Base, threat.Extents, threat.HasMask, threat.Voxels));
        Assert.False(threat.Contains(13, 24, 46));
        var fields = inspection.Fields.ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal(("CLEAR", 1), ((string)fields["alarmDecision"]!, (int)fields["potentialThreatObjects"]!));
        var objects = inspection.Tables.Single(t => t.Name == "objects");
        Assert.Equal<object?>([9001, "12 23 45", "50 × 50 × 100", "box only"], objects.Rows.Single());
        Assert.Contains(inspection.Tables.Single(t => t.Name == "notes").Rows, r => ((string)r[0]!).Contains("empty (4010,1006) bitmap", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tdr_object_with_a_bitmap_is_listed_with_its_voxels()
    {
        var inspection = await new DicosInspector().InspectAsync(Path.Combine(DicosTools.Shared, "SimpleBaggageTDR.dcs"), TestContext.Current.CancellationToken);

        Assert.Equal<object?>([9001, "12 23 45", "50 × 50 × 100", 75481L], inspection.Tables.Single(t => t.Name == "objects").Rows.Single());
        Assert.DoesNotContain(inspection.Tables, t => t.Name == "notes");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Float_and_double_pixel_data_report_their_pixel_module_and_sum_and_read_as_frames(bool asDouble)
    {
        var values = Enumerable.Range(0, 2 * 3 * 4).Select(i => (i * 0.25) - 1.5).ToArray();
        var bytes = asDouble
            ? values.SelectMany(BitConverter.GetBytes).ToArray()
            : values.SelectMany(v => BitConverter.GetBytes((float)v)).ToArray();
        var data = Image(rows: 3, columns: 4, frames: 2, bitsAllocated: asDouble ? 64 : 32);
        data.Add(DicomValues.Bytes(asDouble ? DicomTag.DoubleFloatPixelData : DicomTag.FloatPixelData, DicomVr.Of(asDouble ? "OD" : "OF"), bytes));
        var path = Write(data, "float.dcm");

        var inspection = await new DicosInspector().InspectAsync(path, TestContext.Current.CancellationToken);
        var image = new DicomImage(DicomFile.Open(path));

        var fields = inspection.Fields.ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal((3, 4, 2, asDouble ? 64 : 32), ((int)fields["rows"]!, (int)fields["columns"]!, (int)fields["frames"]!, (int)fields["bitsAllocated"]!));
        Assert.Equal(values.Take(12).Sum(), (double)fields["pixelSum"]!, 6);
        Assert.Equal(values.Skip(12).Sum(), image.FloatSum(1), 6);
        var rescaled = new float[12];
        image.Rescaled(image.NativeFrame(1), 2, 1, rescaled);
        Assert.Equal(values.Skip(12).Select(v => (float)((v * 2) + 1)), rescaled);
    }

    [Theory]
    [InlineData("parametric_map_float.dcm", 32, 9617.08536104724)]
    [InlineData("parametric_map_double_float.dcm", 64, 9617.085349155637)]
    public async Task Real_float_and_double_parametric_maps_sum_as_pydicom_sums_them(string name, int bits, double pydicomSum)
    {
        var inspection = await new DicosInspector().InspectAsync(Path.Combine(TestData.Folder("dicom"), name), TestContext.Current.CancellationToken);

        var fields = inspection.Fields.ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal((128, 128, 1, bits), ((int)fields["rows"]!, (int)fields["columns"]!, (int)fields["frames"]!, (int)fields["bitsAllocated"]!));
        Assert.Equal(pydicomSum, (double)fields["pixelSum"]!, 1e-9);
    }

    [Fact]
    public async Task Pixels_in_a_pre_standard_element_leave_the_pixel_module_reported_and_a_note_saying_why_there_is_no_sum()
    {
        var data = Image(rows: 2, columns: 2, frames: 1, bitsAllocated: 32);
        data.Add(DicomValues.Bytes(new DicomTag(0x7FE0, 0x0020), DicomVr.OB, new byte[16]));
        var path = Write(data, "v02a.dcs");

        var inspection = await new DicosInspector().InspectAsync(path, TestContext.Current.CancellationToken);

        var fields = inspection.Fields.ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal((2, 2, 1, 32), ((int)fields["rows"]!, (int)fields["columns"]!, (int)fields["frames"]!, (int)fields["bitsAllocated"]!));
        Assert.Null(fields["pixelSum"]);
        var note = (string)Assert.Single(inspection.Tables.Single(t => t.Name == "notes").Rows)[0]!;
        Assert.Contains("(7FE0,0020) OB", note, StringComparison.Ordinal);
        Assert.Contains("pre-standard", note, StringComparison.Ordinal);
    }

    private static DicomDataSet Roi(DicomFile file) =>
        file.DataSet.GetItems(new DicomTag(0x4010, 0x1011))[0].GetItems(new DicomTag(0x4010, 0x1037))[0].GetItems(new DicomTag(0x4010, 0x1001))[0];

    private static DicomDataSet Image(int rows, int columns, int frames, int bitsAllocated)
    {
        var data = new DicomDataSet();
        data.AddText(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.501.1");
        data.AddText(0x0008, 0x0018, "UI", "1.2.3.4");
        data.AddUInt16(0x0028, 0x0002, 1);
        data.AddText(0x0028, 0x0004, "CS", "MONOCHROME2");
        data.AddText(0x0028, 0x0008, "IS", frames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        data.AddUInt16(0x0028, 0x0010, (ushort)rows);
        data.AddUInt16(0x0028, 0x0011, (ushort)columns);
        data.AddUInt16(0x0028, 0x0100, (ushort)bitsAllocated);
        return data;
    }

    private string Write(DicomDataSet data, string name)
    {
        var path = _directory.File(name);
        using var stream = File.Create(path);
        DicomWriter.Write(stream, data, DicomTransferSyntax.ExplicitLittle);
        return path;
    }
}
