using Conduit.Testing.Files;
using Conduit.Tests;

namespace Conduit.Host.Tests.Cli;

/// <summary><c>conduit plot</c> through the real plugins: a picture for each format, exit code 2 for a bad argument.</summary>
public sealed class PlotCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("pulseq", "pulseq_fid_v151.seq", "--from", "0")]
    [InlineData("fcs", "flowio/data1.fcs", "--scale", "arcsinh")]
    [InlineData("nifti", "functional.nii", "--volume", "3")]
    [InlineData("dicos", "SimpleProcessingDX.dcs", "--slice", "0")]
    [InlineData("dicos", "SimpleBaggageTDR.dcs", "--width", "900")]
    public async Task Each_format_is_drawn_as_a_png(string folder, string file, string option, string value)
    {
        var output = _directory.File($"{folder}.png");

        var run = await CliRun.RunAsync("plot", Path.Combine(TestData.Folder(folder), file), "--out", output, option, value);

        Assert.True(run.ExitCode == 0, run.ToString());
        var bytes = await File.ReadAllBytesAsync(output, TestContext.Current.CancellationToken);
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a]));
        Assert.True(bytes.Length > 5000, $"{bytes.Length} bytes");
    }

    [Fact]
    public async Task Without_out_the_picture_is_named_after_the_file_kind_and_options_so_two_plots_keep_both()
    {
        var image = Path.Combine(TestData.Folder("nifti"), "functional.nii");
        foreach (var slice in new[] { "1", "2" })
        {
            using var conduit = ConduitProcess.Start(_directory.Path, "plot", image, "--slice", slice);
            Assert.Equal(0, await conduit.WaitAsync(TimeSpan.FromSeconds(60)));
        }

        var pictures = _directory.ListFiles().Where(f => f.EndsWith(".png", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, pictures.Count);
        Assert.StartsWith("functional.nii.", pictures[0], StringComparison.Ordinal);
        Assert.EndsWith(".slice-1.png", pictures[0], StringComparison.Ordinal);
        Assert.EndsWith(".slice-2.png", pictures[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_window_without_its_level_is_exit_code_2()
    {
        var run = await CliRun.RunAsync("plot", Path.Combine(TestData.Folder("dicos"), "SimpleProcessingDX.dcs"), "--out", _directory.File("dx.png"), "--window", "400");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--level and --window go together", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.File("dx.png")));
    }

    [Fact]
    public async Task An_svg_is_written_when_the_output_ends_in_svg()
    {
        var output = _directory.File("fid.svg");

        var run = await CliRun.RunAsync("plot", Path.Combine(TestData.Folder("pulseq"), "pulseq_fid_v151.seq"), "--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("<svg", await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slice_out_of_range_is_exit_code_2_and_leaves_no_picture()
    {
        var output = _directory.File("bad.png");

        var run = await CliRun.RunAsync("plot", Path.Combine(TestData.Folder("nifti"), "functional.nii"), "--out", output, "--slice", "99");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--slice 99: the image has slices 0 to 2", run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public async Task An_unknown_kind_is_exit_code_2_with_the_kinds_there_are()
    {
        var run = await CliRun.RunAsync("plot", Path.Combine(TestData.Folder("fcs"), "flowio/data1.fcs"), "--kind", "pie");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("one of density, histograms", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reference_turns_the_plot_into_a_comparison_and_a_missing_one_is_a_clear_error()
    {
        var functional = Path.Combine(TestData.Folder("nifti"), "functional.nii");
        var output = _directory.File("compare.png");

        var run = await CliRun.RunAsync("plot", functional, "--reference", functional, "--out", output);
        var missing = await CliRun.RunAsync("plot", functional, "--kind", "compare");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(new FileInfo(output).Length > 5000);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--kind compare needs --reference FILE", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plot_stages_draw_a_sequence_events_and_a_volume_in_one_job()
    {
        var job = _directory.File("plots.json");
        string Shared(string folder, string file) => Path.Combine(TestData.Folder(folder), file).Replace("\\", "/", StringComparison.Ordinal);
        await File.WriteAllTextAsync(job, $$"""
            { "name": "plots", "stages": [
              { "id": "sequence", "use": "pulseq.load", "with": { "path": "{{Shared("pulseq", "pulseq_fid_v151.seq")}}" } },
              { "id": "diagram", "use": "pulseq.plot", "from": "sequence", "with": { "path": "diagram.svg" } },
              { "id": "events", "use": "fcs.read", "with": { "path": "{{Shared("fcs", "flowio/data1.fcs")}}" } },
              { "id": "density", "use": "fcs.plot", "from": "events", "with": { "path": "density.png", "maxEvents": 1000 } },
              { "id": "slices", "use": "datasets.open", "with": { "path": "{{Shared("nifti", "functional.nii")}}" } },
              { "id": "volume", "use": "datasets.plot", "from": "slices", "with": { "path": "volume.png", "slicesPerVolume": 3, "volume": 2 } } ] }
            """, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("run", job);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("<svg", await File.ReadAllTextAsync(_directory.File("diagram.svg"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.True(new FileInfo(_directory.File("density.png")).Length > 5000);
        Assert.True(new FileInfo(_directory.File("volume.png")).Length > 5000);
    }
}
