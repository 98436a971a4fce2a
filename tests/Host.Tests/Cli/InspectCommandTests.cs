using Conduit.Testing.Files;
using Conduit.Tests;

namespace Conduit.Host.Tests.Cli;

public sealed class InspectCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_file_no_plugin_recognises_is_exit_code_2_with_the_known_formats()
    {
        var path = _directory.File("notes.txt");
        await File.WriteAllTextAsync(path, "hello", TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("inspect", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no loaded plugin recognises this file (formats: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_fcs_file_is_summarised_as_json_with_version_type_parameters_events_and_channels()
    {
        var path = Path.Combine(TestData.Folder("fcs"), "flowio", "coulter.lmd");

        var run = await CliRun.RunAsync("inspect", path, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var summary = System.Text.Json.Nodes.JsonNode.Parse(run.Output)!;
        Assert.Equal("FCS2.0", summary["version"]!.GetValue<string>());
        Assert.Equal("I", summary["datatype"]!.GetValue<string>());
        Assert.Equal(8, summary["parameters"]!.GetValue<int>());
        Assert.Equal(18110, summary["events"]!.GetValue<long>());
        Assert.Equal(2, summary["dataSets"]!.GetValue<int>());
        Assert.StartsWith("FS Lin, SS Lin, ", summary["channels"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pulseq_file_is_summarised_as_json_with_version_blocks_duration_events_and_signature()
    {
        var path = Path.Combine(TestData.Folder("pulseq"), "pulseq_epi_rs_v151.seq");

        var run = await CliRun.RunAsync("inspect", path, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var summary = System.Text.Json.Nodes.JsonNode.Parse(run.Output)!;
        Assert.Equal("1.5.1", summary["version"]!.GetValue<string>());
        Assert.Equal(442, summary["blocks"]!.GetValue<int>());
        Assert.Equal(3.0, summary["durationSeconds"]!.GetValue<double>());
        Assert.Equal(8, summary["rfEvents"]!.GetValue<int>());
        Assert.Equal(396, summary["adcEvents"]!.GetValue<int>());
        Assert.Equal(76032, summary["adcSamples"]!.GetValue<long>());
        Assert.True(summary["signatureValid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_nifti_file_is_summarised_as_json_with_version_dims_type_scaling_raw_sum_and_affine()
    {
        var path = Path.Combine(TestData.Folder("nifti"), "functional.nii");

        var run = await CliRun.RunAsync("inspect", path, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var summary = System.Text.Json.Nodes.JsonNode.Parse(run.Output)!;
        Assert.Equal(1, summary["niftiVersion"]!.GetValue<int>());
        Assert.Equal([17L, 21, 3, 20], summary["dims"]!.AsArray().Select(d => d!.GetValue<long>()));
        Assert.Equal("int16", summary["datatype"]!.GetValue<string>());
        Assert.Equal(0.0754069686, summary["sclSlope"]!.GetValue<double>(), 9);
        Assert.Equal(3100.76171875, summary["sclInter"]!.GetValue<double>(), 6);
        Assert.Equal(152439152, summary["rawSum"]!.GetValue<long>());
        Assert.Equal(4, summary["affine"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_missing_file_is_exit_code_2()
    {
        var run = await CliRun.RunAsync("inspect", _directory.File("absent.cfr"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("file not found: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_file_is_exit_code_1_with_the_offset_of_the_problem()
    {
        var path = _directory.File("broken.cfr");
        var bytes = new byte[64 + 100];
        "CNDTFRM1"u8.CopyTo(bytes);
        bytes[8] = 64;
        bytes[16] = 10;
        bytes[20] = 10;
        bytes[24] = 200;
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("inspect", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("broken.cfr at byte 24: the header says 200 frames of 100 bytes, the file has 100 bytes after the header", run.Error.Trim());
    }

    [Fact]
    public async Task A_header_holding_nan_and_infinity_is_reported_as_valid_json()
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(TestData.Folder("nifti"), "functional.nii"), TestContext.Current.CancellationToken);
        BitConverter.GetBytes(float.NaN).CopyTo(bytes, 80); // pixdim[1]
        BitConverter.GetBytes(float.PositiveInfinity).CopyTo(bytes, 84); // pixdim[2]
        var path = _directory.File("nan.nii");
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("inspect", path, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(run.Output);
        var voxelSize = json.RootElement.GetProperty("voxelSize");
        Assert.Equal(("NaN", "Infinity"), (voxelSize[0].GetString(), voxelSize[1].GetString()));
    }

    [Fact]
    public async Task Array_fields_are_shown_as_their_values_in_the_table()
    {
        var run = await CliRun.RunAsync("inspect", Path.Combine(TestData.Folder("nifti"), "functional.nii"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("System.", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"dims\s+│\s+17 21 3 20\s", run.Output);
        Assert.Matches(@"affine\s+│\s+\[[-0-9. ]+\] \[", run.Output);
    }

    [Fact]
    public async Task A_device_behind_a_link_and_a_fifo_are_refused_at_once_without_reading_them()
    {
        var device = _directory.File("zero.seq");
        File.CreateSymbolicLink(device, "/dev/zero");
        var fifo = _directory.File("pipe.seq");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var fromDevice = await CliRun.RunAsync("inspect", device);
        var fromFifo = await CliRun.RunAsync("inspect", fifo);

        Assert.Equal(2, fromDevice.ExitCode);
        Assert.Contains("is a character device, not a file that can be read to its end", fromDevice.Error, StringComparison.Ordinal);
        Assert.Equal(2, fromFifo.ExitCode);
        Assert.Contains("is a FIFO (named pipe)", fromFifo.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_file_is_bad_data_with_exit_code_1()
    {
        var path = _directory.File("empty.dcm");
        await File.WriteAllBytesAsync(path, [], TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("inspect", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is empty (0 bytes)", run.Error, StringComparison.Ordinal);
    }
}
