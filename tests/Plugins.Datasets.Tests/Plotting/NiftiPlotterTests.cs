using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Plugins.Datasets.Plotting;
using Conduit.Testing.Files;
using ScottPlot;
using SkiaSharp;

namespace Conduit.Plugins.Datasets.Tests.Plotting;

/// <summary>Orthogonal slices, checked by what their pixels show.</summary>
public sealed class NiftiPlotterTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_bright_cube_shows_white_in_the_axial_panel_where_it_lies_and_black_elsewhere()
    {
        // 40 × 30 × 20 uint8 voxels of 1 mm, zero but for a bright cube at x 5-14, y 20-27, z 8-11.
        var voxels = new byte[40 * 30 * 20];
        for (var z = 8; z < 12; z++)
        {
            for (var y = 20; y < 28; y++)
            {
                for (var x = 5; x < 15; x++)
                {
                    voxels[x + (40 * (y + (30 * z)))] = 255;
                }
            }
        }

        var path = _directory.File("cube.nii");
        await using (var stream = File.Create(path))
        {
            var writer = await NiftiWriter.BeginAsync(stream, new NiftiHeader { Version = 1, Dims = [40, 30, 20], DataType = NiftiDataType.UInt8, PixDim = [1, 1, 1, 1, 1, 1, 1, 1], SclSlope = 1 }, cancellationToken: TestContext.Current.CancellationToken);
            await writer.WriteVolumeAsync(voxels, TestContext.Current.CancellationToken);
            await writer.CompleteAsync(cancellationToken: TestContext.Current.CancellationToken);
        }

        using var image = NiftiFile.Open(path);
        var plot = NiftiPlotter.Build(image, new PlotRequest { Slice = 10 }, out var panels);
        using var bitmap = SKBitmap.Decode(plot.GetImageBytes(1200, 600, ImageFormat.Png));
        var axial = panels[2];

        // In the axial panel, x runs right and y runs up from the panel's bottom-left corner.
        Assert.True(Colour(plot, bitmap, axial.Left + 10, axial.Bottom + 24).Red > 200, "inside the cube");
        Assert.True(Colour(plot, bitmap, axial.Left + 30, axial.Bottom + 5).Red < 50, "outside the cube");
    }

    [Fact]
    public void A_slice_or_volume_out_of_range_is_a_clear_error()
    {
        using var image = NiftiFile.Open(SharedNifti.File("functional.nii"));

        var slice = Assert.Throws<ArgumentException>(() => NiftiPlotter.Build(image, new PlotRequest { Slice = 3 }, out _));
        var volume = Assert.Throws<ArgumentException>(() => NiftiPlotter.Build(image, new PlotRequest { Volume = 20 }, out _));

        Assert.Contains("--slice 3: the image has slices 0 to 2", slice.Message, StringComparison.Ordinal);
        Assert.Contains("--volume 20: the image has volumes 0 to 19", volume.Message, StringComparison.Ordinal);
    }

    private static SKColor Colour(Plot plot, SKBitmap bitmap, double x, double y)
    {
        var pixel = plot.GetPixel(new Coordinates(x, y));
        return bitmap.GetPixel((int)pixel.X, (int)pixel.Y);
    }
}
