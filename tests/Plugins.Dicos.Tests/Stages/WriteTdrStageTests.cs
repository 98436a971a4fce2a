using System.Runtime.InteropServices;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Objects;
using Conduit.Plugins.Dicos.Stages;
using Conduit.Plugins.Dicos.Threats;
using Conduit.Testing.Processes;
using Conduit.Testing.Stages;

namespace Conduit.Plugins.Dicos.Tests.Stages;

/// <summary>Threat reports written over a CT we wrote: what they say, and what pydicom and dciodvfy make of them.</summary>
public sealed class WriteTdrStageTests
{
    internal const int Width = 40;
    internal const int Height = 30;
    internal const int Slices = 6;

    [Fact]
    public async Task Dense_objects_of_a_ct_become_potential_threat_objects_that_reference_it_and_pass_pydicom_and_dciodvfy()
    {
        using var harness = new StageHarness();
        var ct = await WriteCtAsync(harness);

        await harness.RunTransformAsync(new WriteTdrStage(new WriteTdrOptions { Path = "tdr.dcs", ReferencedImage = "ct.dcs", Threshold = 1.5f, MinVoxels = 4 }), Frames(harness), TestContext.Current.CancellationToken);
        harness.CommitOutputs();
        var path = harness.Directory.File("tdr.dcs");

        var file = DicomFile.Open(path);
        var report = ThreatReport.Read(file);
        Assert.Equal("ALARM", report.AlarmDecision);
        Assert.Equal([ct.DataSet.GetString(DicomKeywords.SopInstanceUid)!], report.ReferencedSopInstanceUids);
        Assert.Equal(ct.DataSet.GetString(new DicomTag(0x0020, 0x000D)), file.DataSet.GetString(new DicomTag(0x0020, 0x000D)));
        Assert.Equal(ct.DataSet.GetString(new DicomTag(0x0020, 0x0052)), file.DataSet.GetString(new DicomTag(0x0020, 0x0052)));
        Assert.Equal(DicosSopClasses.ThreatDetectionReport, file.DataSet.GetString(DicomKeywords.SopClassUid));
        // The block (5 × 4 × 3 = 60 voxels) first, then the bar (1 × 1 × 6); the single hot voxel is below MinVoxels.
        Assert.Equal([(1, (20, 10, 1), (5, 4, 3), 60L), (2, (3, 25, 0), (1, 1, 6), 6L)], report.Threats.Select(t => (t.Id, t.Base, t.Extents, t.Voxels)));

        PythonScript.Require("pydicom");
        var read = await PythonScript.RunAsync(
            """
            import sys, numpy as np, pydicom
            ds = pydicom.dcmread(sys.argv[1])
            for threat in ds[0x4010, 0x1011]:
                roi = threat[0x4010, 0x1037][0][0x4010, 0x1001][0]
                w, h, d = (int(v) for v in roi[0x4010, 0x1005].value)
                bits = np.unpackbits(np.frombuffer(roi[0x4010, 0x1006].value, np.uint8), bitorder='little')[:w * h * d]
                print(threat[0x4010, 0x1010].value, [int(v) for v in roi[0x4010, 0x1004].value], int(bits.sum()), end='; ')
            """,
            path);
        Assert.Equal("1 [20, 10, 1] 60; 2 [3, 25, 0] 6;", read.Trim());
        Assert.Equal(["Error - Information Object Not found"], await DicosTools.VerifyAsync(path));
    }

    [Fact]
    public async Task The_labelling_counts_against_the_stages_budget_and_is_given_back()
    {
        // The frames come from another harness's pool, so that the stage's budget holds only what the stage holds.
        using var source = new StageHarness();
        await WriteCtAsync(source);
        using var harness = new StageHarness();
        File.Copy(source.Directory.File("ct.dcs"), harness.Directory.File("ct.dcs"));

        await harness.RunTransformAsync(new WriteTdrStage(new WriteTdrOptions { Path = "tdr.dcs", ReferencedImage = "ct.dcs", Threshold = 1.5f, MinVoxels = 4 }), Frames(source), TestContext.Current.CancellationToken);

        // The bitmaps' bound (a bit a voxel), the row tables and the runs' share were reserved, then released.
        Assert.True(harness.Context.Budget.PeakReservedBytes >= (Width * Height * Slices / 8) + (8 * (Height + 1)) + ThresholdLabeller.BytesPerRun, $"peak {harness.Context.Budget.PeakReservedBytes}");
        Assert.Equal(0, harness.Context.Budget.ReservedBytes);
    }

    [Fact]
    public async Task Frames_that_do_not_match_the_referenced_image_are_refused_and_no_report_is_left()
    {
        using var harness = new StageHarness();
        await WriteCtAsync(harness);

        var frames = Frames(harness);
        frames.Skip(4).ToList().ForEach(f => f.Dispose());

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => harness.RunTransformAsync(new WriteTdrStage(new WriteTdrOptions { Path = "tdr.dcs", ReferencedImage = "ct.dcs", Threshold = 1.5f }), frames.Take(4).ToList(), TestContext.Current.CancellationToken));

        Assert.Equal("4 frames arrived; ct.dcs has 6, and the report's voxels must be its voxels", error.Message);
        Assert.False(File.Exists(harness.Directory.File("tdr.dcs")));
    }

    [Fact]
    public async Task Frames_of_several_images_get_a_report_each_that_references_its_image_and_is_passed_on_when_whole()
    {
        using var harness = new StageHarness();
        using var other = new StageHarness();
        await WriteCtAsync(other);
        File.Copy(other.Directory.File("ct.dcs"), harness.Directory.File("first.dcs"));
        await WriteCtAsync(harness);
        var read = new List<ImageFrame>();
        foreach (var ct in new[] { "first.dcs", "ct.dcs" })
        {
            read.AddRange(await harness.RunSourceAsync(new ReadDicosStage(new ReadDicosOptions { Path = ct }), TestContext.Current.CancellationToken));
        }

        var uids = new[] { "first.dcs", "ct.dcs" }.Select(ct => DicomFile.Open(harness.Directory.File(ct)).DataSet.GetString(DicomKeywords.SopInstanceUid)!).ToList();

        var written = await harness.RunTransformAsync(new WriteTdrStage(new WriteTdrOptions { Path = "reports/{image}.dcs", Threshold = 1.5f, MinVoxels = 4 }), read, TestContext.Current.CancellationToken);

        // Kept at once, not at the job's end: nothing is committed here.
        Assert.Equal(uids.Select(uid => harness.Directory.File(Path.Combine("reports", uid + ".dcs"))), written.Select(w => w.Path));
        Assert.All(written, w => Assert.Equal(WriteTdrStage.Format, w.Format));
        Assert.Equal(uids, written.Select(w => Assert.Single(ThreatReport.Read(DicomFile.Open(w.Path)).ReferencedSopInstanceUids)));
        Assert.All(written, w => Assert.Equal(2, ThreatReport.Read(DicomFile.Open(w.Path)).Threats.Count));
        Assert.Empty(Directory.GetFiles(harness.Directory.File("reports"), "*.partial"));
    }

    [Fact]
    public async Task Frames_of_a_second_image_without_an_image_placeholder_in_the_path_are_refused()
    {
        using var harness = new StageHarness();
        await WriteCtAsync(harness);
        var frames = await harness.RunSourceAsync(new ReadDicosStage(new ReadDicosOptions { Path = "ct.dcs" }), TestContext.Current.CancellationToken);
        frames.AddRange(Frames(harness).Select(f => new ImageFrame(f.Index, f.Layout, f.TakePixels()) { Source = new FrameSource("1.2.3", Slices, new Dictionary<string, string> { ["SOPClassUID"] = "1.2", ["SOPInstanceUID"] = "1.2.3" }) }));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => harness.RunTransformAsync(new WriteTdrStage(new WriteTdrOptions { Path = "tdr.dcs", Threshold = 1.5f }), frames, TestContext.Current.CancellationToken));

        Assert.Equal("frames of a second image (1.2.3) arrived; a path with {image} in it writes one report per image", error.Message);
    }

    [Fact]
    public void The_sdks_report_reads_with_its_one_object_and_a_bitmap_shorter_than_its_box_is_refused()
    {
        var file = DicomFile.Open(Path.Combine(DicosTools.Shared, "SimpleBaggageTDR.dcs"));

        var report = ThreatReport.Read(file);

        Assert.Equal("CLEAR", report.AlarmDecision);
        Assert.Equal(["1235.23456.568678.34546"], report.ReferencedSopInstanceUids);
        Assert.Equal([(9001, (12, 23, 45), (50, 50, 100), 75481L)], report.Threats.Select(t => (t.Id, t.Base, t.Extents, t.Voxels)));

        var roi = file.DataSet.GetItems(new DicomTag(0x4010, 0x1011))[0].GetItems(new DicomTag(0x4010, 0x1037))[0].GetItems(new DicomTag(0x4010, 0x1001))[0];
        roi.Add(DicomValues.Float32(new DicomTag(0x4010, 0x1005), 50, 50, 101));
        var error = Assert.Throws<DicomDataException>(() => ThreatReport.Read(file));
        Assert.Contains("threat object 9001: (4010,1006) holds 250000 bits; extents 50 × 50 × 101 need 252500", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A 6-slice CT of zeros with a dense block, a one-voxel bar through every slice and one hot voxel.</summary>
    internal static async Task<DicomFile> WriteCtAsync(StageHarness harness)
    {
        await harness.RunTransformAsync(new WriteCtStage(new WriteCtOptions { Path = "ct.dcs" }), Frames(harness), TestContext.Current.CancellationToken);
        harness.CommitOutputs();
        return DicomFile.Open(harness.Directory.File("ct.dcs"));
    }

    internal static List<ImageFrame> Frames(StageHarness harness) => [.. Enumerable.Range(0, Slices).Select(z => Frame(harness, z))];

    private static ImageFrame Frame(StageHarness harness, int z)
    {
        var layout = new FrameLayout(PixelType.Float32, Width, Height, new FrameGeometry(0.5, 0.5, 1, (0, 0, z), (1, 0, 0), (0, 1, 0)));
        harness.Pool.TryRent(layout.ByteLength, out var lease);
        var pixels = MemoryMarshal.Cast<byte, float>(lease!.Span);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var block = x is >= 20 and < 25 && y is >= 10 and < 14 && z is >= 1 and < 4;
                var bar = x == 3 && y == 25;
                var hot = x == 35 && y == 2 && z == 5;
                pixels[(y * Width) + x] = block || bar || hot ? 2f : 0.25f;
            }
        }

        return new ImageFrame(z, layout, lease);
    }
}
