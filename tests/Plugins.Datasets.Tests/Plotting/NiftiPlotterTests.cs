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
    public async Task A_comparison_shows_the_difference_only_where_the_images_differ()
    {
        // 32 × 24 × 3 float32: the reference is a ramp; the image adds 0.5 over x 4-11, y 16-21 of slice 1.
        var reference = new float[32 * 24 * 3];
        for (var i = 0; i < reference.Length; i++)
        {
            reference[i] = i % 32 / 32f;
        }

        var image = reference.ToArray();
        for (var y = 16; y < 22; y++)
        {
            for (var x = 4; x < 12; x++)
            {
                image[x + (32 * (y + 24))] += 0.5f;
            }
        }

        using var imageFile = NiftiFile.Open(await WriteAsync("recon.nii", image));
        using var referenceFile = NiftiFile.Open(await WriteAsync("phantom.nii", reference));
        var plot = NiftiPlotter.Compare(imageFile, referenceFile, new PlotRequest { Kind = "compare", Slice = 1 }, out var panels);
        using var bitmap = SKBitmap.Decode(plot.GetImageBytes(1500, 600, ImageFormat.Png));
        var difference = panels[2];

        // The difference map is near white at zero and dark red at +0.5 (its limit): red inside the square only.
        var inside = Colour(plot, bitmap, difference.Left + 8, difference.Bottom + 19);
        var outside = Colour(plot, bitmap, difference.Left + 24, difference.Bottom + 8);
        Assert.True(inside.Red > inside.Blue + 30 && inside.Green < 60, $"inside the square: {inside}");
        Assert.True(Math.Abs(outside.Red - outside.Blue) < 20 && outside.Red > 200, $"outside the square: {outside}");
        // The image panel is brighter inside the square than the reference panel at the same place.
        Assert.True(Colour(plot, bitmap, panels[0].Left + 8, panels[0].Bottom + 19).Red > Colour(plot, bitmap, panels[1].Left + 8, panels[1].Bottom + 19).Red + 40);
        Assert.Contains("RMSE 0.125,", plot.Axes.Title.Label.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Images_of_different_sizes_are_not_compared()
    {
        using var small = NiftiFile.Open(await WriteAsync("small.nii", new float[32 * 24 * 3]));
        using var functional = NiftiFile.Open(SharedNifti.File("functional.nii"));
        var error = Assert.Throws<ArgumentException>(() => NiftiPlotter.Compare(small, functional, new PlotRequest { Kind = "compare" }, out _));
        Assert.Contains("--reference: functional.nii is", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_slice_or_volume_out_of_range_is_a_clear_error()
    {
        using var image = NiftiFile.Open(SharedNifti.File("functional.nii"));

        var slice = Assert.Throws<ArgumentException>(() => NiftiPlotter.Build(image, new PlotRequest { Slice = 3 }, out _));
        var volume = Assert.Throws<ArgumentException>(() => NiftiPlotter.Build(image, new PlotRequest { Volume = 20 }, out _));

        Assert.Contains("--slice 3: the image has slices 0 to 2", slice.Message, StringComparison.Ordinal);
        Assert.Contains("--volume 20: functional.nii has volumes 0 to 19", volume.Message, StringComparison.Ordinal);
    }

    private async Task<string> WriteAsync(string name, float[] values)
    {
        var path = _directory.File(name);
        await using var stream = File.Create(path);
        var writer = await NiftiWriter.BeginAsync(stream, new NiftiHeader { Version = 1, Dims = [32, 24, 3], DataType = NiftiDataType.Float32, PixDim = [1, 1, 1, 1, 1, 1, 1, 1], SclSlope = 1 }, cancellationToken: TestContext.Current.CancellationToken);
        await writer.WriteVolumeAsync(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), TestContext.Current.CancellationToken);
        await writer.CompleteAsync(cancellationToken: TestContext.Current.CancellationToken);
        return path;
    }

    private static SKColor Colour(Plot plot, SKBitmap bitmap, double x, double y)
    {
        var pixel = plot.GetPixel(new Coordinates(x, y));
        return bitmap.GetPixel((int)pixel.X, (int)pixel.Y);
    }
}
