using System.Globalization;
using System.Text.RegularExpressions;
using Conduit.Plugins.Dicos.Dicom;

namespace Conduit.Plugins.Dicos.Tests.Dicom;

/// <summary>Every shared DICOS file, element by element against DCMTK's dump of it (dcmdump -Un, in dcmdump/).</summary>
public sealed partial class SharedFileTests
{
    public static TheoryData<string> Files => [.. new[] { "CTwithTDR_TDR", "SimpleBaggageNoThreatTDR", "SimpleBaggageTDR", "SimpleCT0000", "SimpleColorPaletteDX", "SimplePresentationDX", "SimpleProcessingDX" }];

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_top_level_element_has_dcmdumps_tag_vr_length_and_text(string name)
    {
        var file = DicomFile.Open(Path.Combine(DicosTools.Shared, name + ".dcs"));
        var dump = File.ReadAllLines(Path.Combine(DicosTools.Shared, "dcmdump", name + ".txt"));
        var checkedElements = 0;
        var inMeta = true;
        foreach (var line in dump)
        {
            if (line.StartsWith("# Dicom-Data-Set", StringComparison.Ordinal))
            {
                inMeta = false;
            }

            var match = DumpLine().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var tag = DicomTag.Parse(match.Groups["tag"].Value);
            var set = inMeta ? file.Meta : file.DataSet;
            Assert.True(set.TryGet(tag, out var element), $"{name}: {tag} is missing");
            // The SDK writes encapsulated pixel data as OW; DCMTK shows it as the OB the standard asks for. We keep what
            // the file says.
            var expectedVr = element.Fragments is not null && element.Vr == DicomVr.OW ? "OB" : element.Vr.Code;
            Assert.Equal(match.Groups["vr"].Value, expectedVr);
            var length = match.Groups["length"].Value;
            if (length != "u/l")
            {
                Assert.Equal(int.Parse(length, CultureInfo.InvariantCulture), element.Value.Length);
            }

            if (match.Groups["text"].Success && element.Vr.IsText)
            {
                Assert.Equal(match.Groups["text"].Value, set.GetString(tag));
            }

            checkedElements++;
        }

        Assert.Equal(checkedElements, file.Meta.Elements.Count + file.DataSet.Elements.Count);
    }

    [Fact]
    public void Sequences_nest_items_as_dcmdump_shows()
    {
        var file = DicomFile.Open(Path.Combine(DicosTools.Shared, "SimpleBaggageTDR.dcs"));
        var threats = file.DataSet.GetItems(DicomTag.Parse("4010,1011"));
        Assert.Single(threats);
        Assert.Equal(6, threats[0].Elements.Count);
        Assert.Equal("SUCCESS", file.DataSet.GetString(DicomTag.Parse("4010,1024")));
        Assert.Equal(@"Alchemy\0.999\-random=true\-magic=true", file.DataSet.GetString(DicomTag.Parse("4010,1029")));
    }

    // "(0008,0008) CS [ORIGINAL\HIGH ENERGY]      #  32, 4 ImageType" at the start of a line (top level only).
    [GeneratedRegex(@"^\((?<tag>[0-9a-f]{4},[0-9a-f]{4})\) (?<vr>[A-Z]{2}) (\[(?<text>[^\]]*)\])?.*#\s*(?<length>\d+|u/l),")]
    private static partial Regex DumpLine();
}
