using Conduit.Plugins.Dicos.Inspection;

namespace Conduit.Plugins.Dicos.Tests.Inspection;

public sealed class DicosInspectorTests
{
    [Theory]
    [InlineData("SimpleCT0000", "1.2.840.10008.5.1.4.1.1.501.1", "1.2.840.10008.1.2.1", 20, 10, 40, 9775800L)]
    [InlineData("SimplePresentationDX", "1.2.840.10008.5.1.4.1.1.501.2.1", "1.2.840.10008.1.2.4.70", 128, 256, 1, 536854528L)]
    public async Task The_report_names_the_sop_class_syntax_pixel_module_and_frame_one_sum(string name, string sopClass, string syntax, int rows, int columns, int frames, long pixelSum)
    {
        var report = await new DicosInspector().InspectAsync(Path.Combine(DicosTools.Shared, name + ".dcs"), TestContext.Current.CancellationToken);
        var fields = report.Fields.ToDictionary(f => f.Name, f => f.Value);

        Assert.Equal(sopClass, fields["sopClassUid"]);
        Assert.Equal(syntax, fields["transferSyntaxUid"]);
        Assert.Equal((rows, columns, frames, 16, pixelSum), ((int)fields["rows"]!, (int)fields["columns"]!, (int)fields["frames"]!, (int)fields["bitsAllocated"]!, (long)fields["pixelSum"]!));
    }

    [Fact]
    public async Task A_threat_report_without_pixels_has_no_pixel_fields()
    {
        var report = await new DicosInspector().InspectAsync(Path.Combine(DicosTools.Shared, "SimpleBaggageTDR.dcs"), TestContext.Current.CancellationToken);
        Assert.Contains(report.Fields, f => f.Name == "modality" && (string?)f.Value == "TDR");
        Assert.DoesNotContain(report.Fields, f => f.Name == "pixelSum");
    }
}
