using System.Runtime.InteropServices;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Plotting;
using Conduit.Plugins.Dicos.Stages;
using Conduit.Plugins.Dicos.Tests.Stages;
using Conduit.Testing.Stages;
using ScottPlot;
using SkiaSharp;

namespace Conduit.Plugins.Dicos.Tests.Plotting;

/// <summary>CT slices and DX images, checked by what their pixels show.</summary>
public sealed class DicosPlotterTests
{
    [Fact]
    public async Task A_bright_square_of_a_ct_slice_shows_white_where_it_lies_with_row_zero_at_the_top()
    {
        // 40 × 30 CT frames of 0.5 mm pixels: 0 everywhere but 1.0 in rows 2-9, columns 20-35 of frame 1.
        using var harness = new StageHarness();
        var frames = Enumerable.Range(0, 3).Select(z => Frame(harness, z, (x, y) => z == 1 && y is >= 2 and < 10 && x is >= 20 and < 36 ? 1f : 0f)).ToList();
        await harness.RunTransformAsync(new WriteCtStage(new WriteCtOptions { Path = "ct.dcs" }), frames, TestContext.Current.CancellationToken);
        harness.CommitOutputs();

        var plot = DicosPlotter.Build(DicomFile.Open(harness.Directory.File("ct.dcs")), new PlotRequest { Slice = 1 }, out var extent);
        using var bitmap = SKBitmap.Decode(plot.GetImageBytes(800, 600, ImageFormat.Png));

        // Row 5 lies 5.5 pixels (2.75 mm) below the top; column 25 at 12.75 mm from the left.
        Assert.True(Colour(plot, bitmap, extent.Left + 12.75, extent.Top - 2.75).Red > 200, "inside the square");
        Assert.True(Colour(plot, bitmap, extent.Left + 12.75, extent.Bottom + 2.75).Red < 50, "the same column near the bottom");
        Assert.True(Colour(plot, bitmap, extent.Left + 3, extent.Top - 2.75).Red < 50, "the same rows on the left");
    }

    [Fact]
    public async Task Level_and_window_set_the_grey_levels()
    {
        using var harness = new StageHarness();
        var frames = Enumerable.Range(0, 1).Select(z => Frame(harness, z, (x, y) => y is >= 2 and < 10 && x is >= 20 and < 36 ? 1f : 0f)).ToList();
        await harness.RunTransformAsync(new WriteCtStage(new WriteCtOptions { Path = "ct.dcs" }), frames, TestContext.Current.CancellationToken);
        harness.CommitOutputs();

        // Level 1, window 4: 0 is drawn at a quarter of the way to white, 1 half way.
        var plot = DicosPlotter.Build(DicomFile.Open(harness.Directory.File("ct.dcs")), new PlotRequest { WindowLevel = 1, WindowWidth = 4 }, out var extent);
        using var bitmap = SKBitmap.Decode(plot.GetImageBytes(800, 600, ImageFormat.Png));

        Assert.InRange(Colour(plot, bitmap, extent.Left + 12.75, extent.Top - 2.75).Red, 110, 145);
        Assert.InRange(Colour(plot, bitmap, extent.Left + 3, extent.Bottom + 3).Red, 50, 80);
        Assert.Contains("window -1 to 3", plot.Axes.Title.Label.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_out_of_range_and_a_report_without_objects_are_clear_errors()
    {
        var ct = DicomFile.Open(Path.Combine(DicosTools.Shared, "SimpleCT0000.dcs"));
        var tdr = DicomFile.Open(Path.Combine(DicosTools.Shared, "SimpleBaggageNoThreatTDR.dcs"));

        Assert.Contains("--slice 40: the image has frames 0 to 39", Assert.Throws<ArgumentException>(() => DicosPlotter.Build(ct, new PlotRequest { Slice = 40 }, out _)).Message, StringComparison.Ordinal);
        Assert.Contains("reports no objects with voxels, so there is nothing to draw", Assert.Throws<ArgumentException>(() => DicosPlotter.Build(tdr, new PlotRequest(), out _)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_threat_box_is_outlined_in_red_where_its_voxels_lie_in_the_ct_slice()
    {
        using var harness = new StageHarness();
        await WriteTdrStageTests.WriteCtAsync(harness);
        await harness.RunTransformAsync(new WriteTdrStage(new WriteTdrOptions { Path = "tdr.dcs", ReferencedImage = "ct.dcs", Threshold = 1.5f, MinVoxels = 4 }), WriteTdrStageTests.Frames(harness), TestContext.Current.CancellationToken);
        harness.CommitOutputs();

        // The block covers columns 20-24 and rows 10-13 of frames 1-3, in 0.5 mm pixels: 10-12.5 mm across, 5-7 mm down.
        var plot = DicosPlotter.Build(DicomFile.Open(harness.Directory.File("tdr.dcs")), new PlotRequest { Reference = harness.Directory.File("ct.dcs") }, out var extent);
        using var bitmap = SKBitmap.Decode(plot.GetImageBytes(800, 600, ImageFormat.Png));

        Assert.Contains("frame 2", plot.Axes.Title.Label.Text, StringComparison.Ordinal);
        Assert.True(Red(Near(plot, bitmap, extent.Left + 10, extent.Top - 6)), "the box's left edge");
        Assert.True(Red(Near(plot, bitmap, extent.Left + 12.5, extent.Top - 6)), "the box's right edge");
        Assert.True(Red(Near(plot, bitmap, extent.Left + 11.25, extent.Top - 5)), "the box's top edge");
        var inside = Colour(plot, bitmap, extent.Left + 11.25, extent.Top - 6);
        Assert.True(inside.Red - inside.Green > 30, $"the voxels inside are tinted: {inside}");
        var outside = Colour(plot, bitmap, extent.Left + 16, extent.Top - 6);
        Assert.True(Math.Abs(outside.Red - outside.Green) < 10, $"the slice beside the box is grey: {outside}");
    }

    [Fact]
    public void The_sdks_report_alone_shows_its_box_where_its_roi_is_in_voxels()
    {
        var tdr = DicomFile.Open(Path.Combine(DicosTools.Shared, "SimpleBaggageTDR.dcs"));

        // Base (12, 23), extents 50 × 50: voxel x runs 12-62 and row 23-73, rows downwards.
        var plot = DicosPlotter.Build(tdr, new PlotRequest(), out _);
        using var bitmap = SKBitmap.Decode(plot.GetImageBytes(800, 800, ImageFormat.Png));

        Assert.True(Red(Near(plot, bitmap, 12, 48)), "left edge");
        Assert.True(Red(Near(plot, bitmap, 62, 48)), "right edge");
        Assert.True(Red(Near(plot, bitmap, 37, 23)), "top edge");
        Assert.False(Red(Near(plot, bitmap, 8, 48)), "left of the box");
        Assert.True(plot.GetPixel(new Coordinates(37, 23)).Y < plot.GetPixel(new Coordinates(37, 73)).Y, "row 23 above row 73");
    }

    private static bool Red(IEnumerable<SKColor> colours) => colours.Any(c => c.Red > 200 && c.Green < 80 && c.Blue < 80);

    // The pixel at (x, y) and its eight neighbours: a 2-pixel outline may fall half a pixel either side.
    private static IEnumerable<SKColor> Near(Plot plot, SKBitmap bitmap, double x, double y)
    {
        var pixel = plot.GetPixel(new Coordinates(x, y));
        for (var dy = -1; dy <= 1; dy++)
        {
            for (var dx = -1; dx <= 1; dx++)
            {
                yield return bitmap.GetPixel((int)pixel.X + dx, (int)pixel.Y + dy);
            }
        }
    }

    private static ImageFrame Frame(StageHarness harness, int z, Func<int, int, float> value)
    {
        var layout = new FrameLayout(PixelType.Float32, 40, 30, FrameGeometry.Isotropic(0.5));
        harness.Pool.TryRent(layout.ByteLength, out var lease);
        var pixels = MemoryMarshal.Cast<byte, float>(lease!.Span);
        for (var y = 0; y < 30; y++)
        {
            for (var x = 0; x < 40; x++)
            {
                pixels[(y * 40) + x] = value(x, y);
            }
        }

        return new ImageFrame(z, layout, lease);
    }

    private static SKColor Colour(Plot plot, SKBitmap bitmap, double x, double y)
    {
        var pixel = plot.GetPixel(new Coordinates(x, y));
        return bitmap.GetPixel((int)pixel.X, (int)pixel.Y);
    }
}
