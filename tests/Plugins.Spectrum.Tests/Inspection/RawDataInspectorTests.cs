using Conduit.Abstractions.Errors;
using Conduit.Abstractions.Inspection;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Spectrum.Inspection;
using Conduit.Plugins.Spectrum.Plotting;
using Conduit.Testing.Files;
using PureHDF;

namespace Conduit.Plugins.Spectrum.Tests.Inspection;

/// <summary>Raw-data files in spectrum.write-raw's layout, recognised among HDF5 files by their layout attribute.</summary>
public sealed class RawDataInspectorTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_raw_file_is_recognised_and_its_lines_summed_and_drawn()
    {
        var path = Write("conduit-raw");
        var inspector = new RawDataInspector();

        var report = await inspector.InspectAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(InspectionMatch.Content, inspector.Match(File.ReadAllBytes(path), path));
        var fields = report.Fields.ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal((2, "re=10;im=2", 1), ((int)fields["lines"]!, (string)fields["sum"]!, (int)fields["peakLine"]!));
        Assert.Equal(5.0, (double)fields["peakMagnitude"]!, 12);
        Assert.Equal<object?>(["LIN", 0, 1], report.Tables.Single(t => t.Name == "labels").Rows.Single());
        foreach (var kind in new[] { "lines", "line" })
        {
            using var picture = new MemoryStream();
            await new RawDataPlotter().PlotAsync(path, new PlotRequest { Kind = kind, Slice = 1 }, picture, TestContext.Current.CancellationToken);
            Assert.True(picture.Length > 1000, kind);
        }
    }

    [Fact]
    public async Task Its_kspace_and_image_are_drawn_by_partition()
    {
        var path = Write("conduit-raw");
        foreach (var kind in new[] { "kspace", "image" })
        {
            using var picture = new MemoryStream();
            await new RawDataPlotter().PlotAsync(path, new PlotRequest { Kind = kind }, picture, TestContext.Current.CancellationToken);
            Assert.True(picture.Length > 1000, kind);
        }

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await new RawDataPlotter().PlotAsync(path, new PlotRequest { Kind = "image", Slice = 1 }, Stream.Null, TestContext.Current.CancellationToken));
        Assert.Contains("has partitions 0 to 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_hdf5_file_of_another_layout_is_not_taken_and_inspecting_it_says_why()
    {
        var path = Write("conduit-diffusion");

        var error = await Assert.ThrowsAsync<ConduitDataException>(async () => await new RawDataInspector().InspectAsync(path, TestContext.Current.CancellationToken));

        Assert.Equal(InspectionMatch.None, new RawDataInspector().Match(File.ReadAllBytes(path), path));
        Assert.Contains("\"conduit-diffusion\", not \"conduit-raw\"", error.Message, StringComparison.Ordinal);
    }

    // Two lines of 3 and 2 samples: (1, 0) (2, 0) (0, -2) and (3, 4) (4, 0), the second line padded with zeros.
    private string Write(string layout)
    {
        var file = new H5File
        {
            ["data"] = new float[,,] { { { 1, 0 }, { 2, 0 }, { 0, -2 } }, { { 3, 4 }, { 4, 0 }, { 0, 0 } } },
            ["samples"] = new[] { 3, 2 },
            ["averages"] = new[] { 1, 1 },
            ["adc_index"] = new[] { 0, 1 },
            ["start_frame"] = new long[] { 0, 100 },
            ["dwell_s"] = new[] { 1e-5, 1e-5 },
            ["frequency_offset_hz"] = new[] { 0.0, 0.0 },
            ["phase_offset_rad"] = new[] { 0.0, 0.0 },
            ["labels"] = new H5Group { ["LIN"] = new[] { 0, 1 } },
            Attributes = new() { ["layout"] = layout, ["layout_version"] = 1, ["sample_rate_hz"] = 1e5, ["lines"] = 2 },
        };
        var path = _directory.File($"{layout}.h5");
        file.Write(path);
        return path;
    }
}
