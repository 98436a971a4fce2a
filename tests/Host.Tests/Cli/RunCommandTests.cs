using System.Text.Json.Nodes;
using Conduit.Testing.Files;
using Conduit.Tests;

namespace Conduit.Host.Tests.Cli;

public sealed class RunCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_demo_job_runs_shows_progress_and_writes_its_output_atomically()
    {
        var job = _directory.File("example.json");
        var text = await File.ReadAllTextAsync(Path.Combine(TestPaths.Config, "example.json"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(job, text.Replace("../out/example/frames.cfr", "out/frames.cfr", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("run", job);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("stage generate (example.generate): succeeded, 64/64 frames", run.Output, StringComparison.Ordinal);
        Assert.Contains("Job \"example\" succeeded", run.Output, StringComparison.Ordinal);
        Assert.Equal(["example.json", Path.Combine("out", "frames.cfr")], _directory.ListFiles());
        Assert.Equal(64 + (64L * 512 * 512 * 4), new FileInfo(_directory.File("out/frames.cfr")).Length);

        var inspect = await CliRun.RunAsync("inspect", _directory.File("out/frames.cfr"), "--json");
        Assert.Equal(0, inspect.ExitCode);
        var summary = JsonNode.Parse(inspect.Output)!;
        Assert.Equal(64, summary["frame-count"]!.GetValue<long>());
        Assert.Equal(-1.0, summary["min"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_job_that_fails_gives_exit_code_1_says_why_and_leaves_no_output()
    {
        // Validation passes (the header is whole); the events end early while another chain writes frames.
        var fcs = await File.ReadAllBytesAsync(Path.Combine(TestData.Folder("fcs"), "flowio", "data1.fcs"), TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(_directory.File("cut.fcs"), fcs[..100_000], TestContext.Current.CancellationToken);
        var job = _directory.File("fails.json");
        await File.WriteAllTextAsync(job, """
            { "name": "fails", "stages": [
              { "id": "generate", "use": "example.generate", "with": { "count": 4 } },
              { "id": "write", "use": "example.write", "from": "generate", "with": { "path": "out/frames.cfr" } },
              { "id": "read", "use": "fcs.read", "with": { "path": "cut.fcs" } },
              { "id": "copy", "use": "fcs.write", "from": "read", "with": { "path": "out/copy.fcs" } } ] }
            """, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("run", job);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("stage 'read' failed: cut.fcs at byte 2560: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("No output was written.", run.Error, StringComparison.Ordinal);
        Assert.Equal(["cut.fcs", "fails.json"], _directory.ListFiles().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_pool_option_naming_no_pool_is_refused_before_the_job_runs()
    {
        var job = _directory.File("pool.json");
        await File.WriteAllTextAsync(job, """
            { "name": "pool", "stages": [
              { "id": "generate", "use": "example.generate", "with": { "count": 4, "pool": "nonesuch" } },
              { "id": "write", "use": "example.write", "from": "generate", "with": { "path": "out/frames.cfr" } } ] }
            """, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("run", job);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("pool.json:2: $.stages[0].with.pool: no pool named \"nonesuch\" (pools of this job: default)", run.Error, StringComparison.Ordinal);
        Assert.Equal(["pool.json"], _directory.ListFiles());
    }

    [Fact]
    public async Task An_invalid_job_runs_nothing_and_gives_exit_code_2()
    {
        var job = _directory.File("invalid.json");
        await File.WriteAllTextAsync(job, """{ "name": "x", "stages": [ { "id": "w", "use": "example.write", "from": "w", "with": { "path": "o.cfr" } } ] }""", TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("run", job);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nothing was run", run.Error, StringComparison.Ordinal);
        Assert.Equal(["invalid.json"], _directory.ListFiles());
    }
}
