using System.Globalization;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Testing.Files;
using Conduit.Testing.Processes;

namespace Conduit.Plugins.Dicos.Tests.Dicom;

/// <summary>What we write, read back by ourselves, by DCMTK and by pydicom.</summary>
public sealed class DicomWriterTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public static TheoryData<string> Files => SharedFileTests.Files;

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_shared_file_round_trips_element_for_element(string name)
    {
        var original = DicomFile.Open(Path.Combine(DicosTools.Shared, name + ".dcs"));
        var copy = RoundTrip(original);

        Assert.Equal(original.TransferSyntax.Uid, copy.TransferSyntax.Uid);
        AssertSame(original.DataSet, copy.DataSet, name);
        Assert.Equal(original.Meta.GetString(new DicomTag(0x0002, 0x0004)), copy.Meta.GetString(new DicomTag(0x0002, 0x0004)));
        Assert.Equal(DicomWriter.ImplementationClassUid, copy.Meta.GetString(new DicomTag(0x0002, 0x0012)));
    }

    [Theory]
    [InlineData("SimpleCT0000")]
    [InlineData("SimplePresentationDX")]
    [InlineData("SimpleBaggageTDR")]
    public async Task Dcmdump_and_pydicom_read_what_we_write_with_the_same_pixels(string name)
    {
        PythonScript.Require("numpy", "pydicom");
        var original = DicomFile.Open(Path.Combine(DicosTools.Shared, name + ".dcs"));
        var path = _directory.File(name + ".dcm");
        using (var stream = File.Create(path))
        {
            DicomWriter.Write(stream, original.DataSet, original.TransferSyntax, original.Meta);
        }

        await DicosTools.RunAsync("dcmdump", "-q", "+E", path);
        var figures = (await PythonScript.RunAsync(
            """
            import sys, pydicom
            ds = pydicom.dcmread(sys.argv[1])
            n = sum(1 for _ in ds)
            print(ds.file_meta.TransferSyntaxUID, ds.SOPClassUID, n)
            """,
            path)).Split(' ');
        Assert.Equal(original.TransferSyntax.Uid, figures[0]);
        Assert.Equal(original.DataSet.GetString(DicomKeywords.SopClassUid), figures[1]);
        Assert.Equal(original.DataSet.Elements.Count, int.Parse(figures[2], CultureInfo.InvariantCulture));
        if (original.DataSet.Contains(DicomTag.PixelData))
        {
            var native = _directory.File(name + ".native.dcm");
            await DicosTools.RunAsync(original.TransferSyntax.Encapsulated ? "dcmdjpeg" : "dcmconv", path, native);
            var ours = new DicomImage(original);
            var theirs = new DicomImage(DicomFile.Open(native));
            Assert.Equal(Enumerable.Range(0, ours.Frames).Select(ours.StoredSum), Enumerable.Range(0, theirs.Frames).Select(theirs.StoredSum));
        }
    }

    public void Dispose() => _directory.Dispose();

    private static DicomFile RoundTrip(DicomFile file)
    {
        using var stream = new MemoryStream();
        DicomWriter.Write(stream, file.DataSet, file.TransferSyntax, file.Meta);
        return DicomReader.Read(stream.ToArray(), "copy.dcm");
    }

    private static void AssertSame(DicomDataSet expected, DicomDataSet actual, string where)
    {
        var a = expected.Elements.OrderBy(e => e.Tag).ToList();
        var b = actual.Elements.ToList();
        Assert.Equal(a.Select(e => e.Tag), b.Select(e => e.Tag));
        for (var i = 0; i < a.Count; i++)
        {
            var (x, y) = (a[i], b[i]);
            var context = $"{where} {x.Tag}";
            if (x.Tag == DicomKeywords.NumberOfFrames && x.Vr.Code == "US")
            {
                // The SDK's binary US is written as the IS the standard defines.
                Assert.Equal(("IS", expected.GetInteger(x.Tag)), (y.Vr.Code, actual.GetInteger(y.Tag)));
                continue;
            }

            Assert.True(x.Fragments is not null ? y.Vr == DicomVr.OB : x.Vr == y.Vr, $"{context}: VR {x.Vr} became {y.Vr}");
            Assert.True(x.Value.Span.SequenceEqual(y.Value.Span), $"{context}: the value changed");
            Assert.Equal(x.Items?.Count, y.Items?.Count);
            for (var item = 0; item < (x.Items?.Count ?? 0); item++)
            {
                AssertSame(x.Items![item], y.Items![item], $"{context} item {item}");
            }

            Assert.Equal(x.Fragments?.Fragments.Count, y.Fragments?.Fragments.Count);
            for (var f = 0; f < (x.Fragments?.Fragments.Count ?? 0); f++)
            {
                var p = x.Fragments!.Fragments[f].Span;
                var q = y.Fragments!.Fragments[f].Span;
                Assert.True(q.Length == p.Length + (p.Length & 1) && q[..p.Length].SequenceEqual(p), $"{context}: fragment {f} changed");
            }
        }
    }
}
