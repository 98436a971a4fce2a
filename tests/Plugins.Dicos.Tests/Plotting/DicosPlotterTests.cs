using System.Runtime.InteropServices;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Plotting;
using Conduit.Plugins.Dicos.Stages;
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
        await harness.RunSinkAsync(new WriteCtStage(new WriteCtOptions { Path = "ct.dcs" }), frames, TestContext.Current.CancellationToken);
        harness.CommitOutputs();

        var plot = DicosPlotter.Build(DicomFile.Open(harness.Directory.File("ct.dcs")), new PlotRequest { Slice = 1 }, out var extent);
        using var bitmap = SKBitmap.Decode(plot.GetImageBytes(800, 600, ImageFormat.Png));

        // Row 5 lies 5.5 pixels (2.75 mm) below the top; column 25 at 12.75 mm from the left.
        Assert.True(Colour(plot, bitmap, extent.Left + 12.75, extent.Top - 2.75).Red > 200, "inside the square");
        Assert.True(Colour(plot, bitmap, extent.Left + 12.75, extent.Bottom + 2.75).Red < 50, "the same column near the bottom");
        Assert.True(Colour(plot, bitmap, extent.Left + 3, extent.Top - 2.75).Red < 50, "the same rows on the left");
    }

    [Fact]
    public void A_frame_out_of_range_and_a_report_without_an_image_are_clear_errors()
    {
        var ct = DicomFile.Open(Path.Combine(DicosTools.Shared, "SimpleCT0000.dcs"));
        var tdr = DicomFile.Open(Path.Combine(DicosTools.Shared, "SimpleBaggageTDR.dcs"));

        Assert.Contains("--slice 40: the image has frames 0 to 39", Assert.Throws<ArgumentException>(() => DicosPlotter.Build(ct, new PlotRequest { Slice = 40 }, out _)).Message, StringComparison.Ordinal);
        Assert.Contains("has no image to draw", Assert.Throws<ArgumentException>(() => DicosPlotter.Build(tdr, new PlotRequest(), out _)).Message, StringComparison.Ordinal);
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
