using System.Globalization;
using System.Text.RegularExpressions;
using Conduit.Testing.Files;

namespace Conduit.Host.Tests;

/// <summary>The real executable in a child process: Ctrl+C, and memory measured by the operating system.</summary>
public sealed partial class ProcessTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Ctrl_C_cancels_a_running_job_with_exit_code_130_and_leaves_no_output()
    {
        var job = _directory.File("long.json");
        await File.WriteAllTextAsync(job, """
            { "name": "long", "memory": { "budget": "64 MiB" }, "stages": [
              { "id": "generate", "use": "example.generate", "with": { "width": 1024, "height": 1024, "count": 100000, "pattern": "noise" } },
              { "id": "write", "use": "example.write", "from": "generate", "with": { "path": "out/huge.cfr" } } ] }
            """, TestContext.Current.CancellationToken);
        using var conduit = ConduitProcess.Start(_directory.Path, "run", job);
        await conduit.WaitForOutputAsync("stage generate (example.generate): running", TimeSpan.FromSeconds(60));
        await Task.Delay(500, TestContext.Current.CancellationToken);

        conduit.Interrupt();
        var code = await conduit.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(code == 130, $"exit {code}\n{conduit.Output}\n{conduit.Error}");
        Assert.Contains("cancelled", conduit.Error, StringComparison.Ordinal);
        Assert.Equal(["long.json"], _directory.ListFiles());
    }

    [Fact]
    public async Task Ctrl_C_cancels_a_job_of_work_items_with_exit_code_130_a_summary_and_no_output()
    {
        var job = _directory.File("items.json");
        await File.WriteAllTextAsync(job, """
            { "name": "items", "memory": { "budget": "64 MiB" },
              "workItems": { "stage": "generate", "option": "seed", "values": [1, 2, 3] },
              "stages": [
              { "id": "generate", "use": "example.generate", "with": { "width": 1024, "height": 1024, "count": 100000, "pattern": "noise" } },
              { "id": "write", "use": "example.write", "from": "generate", "with": { "path": "out/{item}.cfr" } } ] }
            """, TestContext.Current.CancellationToken);
        using var conduit = ConduitProcess.Start(_directory.Path, "run", job);
        await conduit.WaitForOutputAsync("3 work items, ", TimeSpan.FromSeconds(60));
        await Task.Delay(1000, TestContext.Current.CancellationToken);

        conduit.Interrupt();
        var code = await conduit.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(code == 130, $"exit {code}\n{conduit.Output}\n{conduit.Error}");
        Assert.Contains("Job \"items\" cancelled: 3 of 3 work items did not finish (0, 1, 2)", conduit.Error, StringComparison.Ordinal);
        Assert.Equal(["items.json"], _directory.ListFiles());
    }

    [Fact]
    public async Task A_killed_processs_decompressed_images_are_removed_by_the_next_command_whatever_it_does()
    {
        var temp = _directory.File("datasets-temp");
        Directory.CreateDirectory(temp);
        var leftover = Path.Combine(temp, "4194303-0123456789abcdef0123456789abcdef.tmp");
        await File.WriteAllBytesAsync(leftover, new byte[4096], TestContext.Current.CancellationToken);

        using var conduit = ConduitProcess.Start(_directory.Path, new Dictionary<string, string> { ["CONDUIT_DATASETS_TEMP"] = temp }, "plugins");
        var code = await conduit.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, code);
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public async Task A_stage_allocating_past_its_budget_outside_the_pools_fails_the_job_cleanly_at_the_heap_limit()
    {
        var job = _directory.File("hungry.json");
        await File.WriteAllTextAsync(job, """
            { "name": "hungry", "memory": { "budget": "64 MiB" }, "stages": [
              { "id": "eat", "use": "hungry.allocate", "with": { "megabytes": 4096 } } ] }
            """, TestContext.Current.CancellationToken);

        using var conduit = ConduitProcess.Start(_directory.Path, "run", job, "--plugins", Path.Combine(TestPaths.Bin, "hungry-plugins"));
        var code = await conduit.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(code == 1, $"exit {code}\n{conduit.Output}\n{conduit.Error}");
        Assert.Contains("stage 'eat' failed: out of memory: the process may hold ", conduit.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", conduit.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_stops_a_long_validation_with_exit_code_130()
    {
        var job = _directory.File("many.json");
        var values = string.Join(",", Enumerable.Range(0, 1_000_000));
        await File.WriteAllTextAsync(job, $$"""
            { "name": "many", "workItems": { "stage": "g", "option": "seed", "values": [{{values}}] }, "stages": [
              { "id": "g", "use": "example.generate", "with": { "width": 4, "height": 4, "count": 1 } },
              { "id": "w", "use": "example.write", "from": "g", "with": { "path": "out/{item}.cfr" } } ] }
            """, TestContext.Current.CancellationToken);
        using var conduit = ConduitProcess.Start(_directory.Path, "validate", job);
        await Task.Delay(3000, TestContext.Current.CancellationToken);

        conduit.Interrupt();
        var code = await conduit.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(code == 130, $"exit {code}\n{conduit.Output}\n{conduit.Error}");
        Assert.Contains("validation of ", conduit.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_job_writing_the_same_output_fails_at_once_and_the_first_one_commits()
    {
        var job = _directory.File("slow.json");
        await File.WriteAllTextAsync(job, """
            { "name": "slow", "memory": { "budget": "64 MiB" }, "stages": [
              { "id": "generate", "use": "example.generate", "with": { "width": 512, "height": 512, "count": 600, "pattern": "noise" } },
              { "id": "write", "use": "example.write", "from": "generate", "with": { "path": "out/shared.cfr" } } ] }
            """, TestContext.Current.CancellationToken);
        using var first = ConduitProcess.Start(_directory.Path, "run", job);
        await first.WaitForOutputAsync("stage write (example.write): running", TimeSpan.FromSeconds(60));

        using var second = ConduitProcess.Start(_directory.Path, "run", job);
        var secondCode = await second.WaitAsync(TimeSpan.FromSeconds(60));
        var firstCode = await first.WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(secondCode == 1, $"exit {secondCode}\n{second.Output}\n{second.Error}");
        Assert.Contains("is being written by another job or another stage right now", second.Error, StringComparison.Ordinal);
        Assert.True(firstCode == 0, $"exit {firstCode}\n{first.Output}\n{first.Error}");
        Assert.True(new FileInfo(_directory.File("out/shared.cfr")).Length > 600L * 512 * 512 * 4);
    }

    [Fact]
    public async Task Two_gibibytes_of_frames_pass_through_a_64_MiB_budget_with_peak_RSS_under_256_MiB()
    {
        var job = _directory.File("big.json");
        await File.WriteAllTextAsync(job, """
            { "name": "big", "memory": { "budget": "64 MiB" }, "stages": [
              { "id": "generate", "use": "example.generate", "with": { "width": 1024, "height": 1024, "count": 512 } },
              { "id": "scale", "use": "example.scale", "from": "generate", "with": { "factor": 0.5 } },
              { "id": "write", "use": "example.write", "from": "scale", "with": { "path": "out/big.cfr" } } ] }
            """, TestContext.Current.CancellationToken);
        using var conduit = ConduitProcess.Start(_directory.Path, "run", job);

        var code = await conduit.WaitAsync(TimeSpan.FromMinutes(5));

        Assert.True(code == 0, $"exit {code}\n{conduit.Output}\n{conduit.Error}");
        Assert.Equal(64 + (2L << 30), new FileInfo(_directory.File("out/big.cfr")).Length);
        var match = PeakRss().Match(conduit.Output);
        Assert.True(match.Success, conduit.Output);
        var peak = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * (match.Groups[2].Value == "GiB" ? 1024 : 1);
        Assert.True(peak < 256, $"peak RSS {match.Value}");
    }

    [Fact]
    public async Task With_the_console_exporter_configured_jobs_emit_spans_and_memory_metrics()
    {
        var job = _directory.File("small.json");
        await File.WriteAllTextAsync(job, """
            { "name": "traced", "stages": [
              { "id": "generate", "use": "example.generate", "with": { "width": 64, "height": 64, "count": 4 } },
              { "id": "write", "use": "example.write", "from": "generate", "with": { "path": "out/small.cfr" } } ] }
            """, TestContext.Current.CancellationToken);
        using var conduit = ConduitProcess.Start(_directory.Path, new Dictionary<string, string> { ["Conduit__Telemetry__Exporter"] = "console" }, "run", job);

        var code = await conduit.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(code == 0, $"exit {code}\n{conduit.Output}\n{conduit.Error}");
        Assert.Contains("Activity.DisplayName:        job traced", conduit.Output, StringComparison.Ordinal);
        Assert.Contains("Activity.DisplayName:        stage generate", conduit.Output, StringComparison.Ordinal);
        Assert.Contains("conduit.memory.peak", conduit.Output, StringComparison.Ordinal);
        Assert.Contains("conduit.pool.name: default", conduit.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"peak RSS ([0-9.]+) (MiB|GiB)")]
    private static partial Regex PeakRss();
}
