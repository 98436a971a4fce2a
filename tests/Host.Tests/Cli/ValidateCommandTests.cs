using Conduit.Testing.Files;

namespace Conduit.Host.Tests.Cli;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Unknown_type_missing_from_and_wrong_option_type_are_all_reported_with_exit_code_2()
    {
        var job = _directory.File("bad.json");
        await File.WriteAllTextAsync(job, """
            {
              "name": "three mistakes",
              "stages": [
                { "id": "generate", "use": "example.generate", "with": { "width": "wide" } },
                { "id": "blur", "use": "example.blur", "from": "generate" },
                { "id": "write", "use": "example.write", "from": "scale", "with": { "path": "out.cfr" } }
              ]
            }
            """, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("validate", job);

        Assert.Equal(2, run.ExitCode);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("bad.json:4: $.stages[0].with.width: expected an integer, found \"wide\"", lines);
        Assert.Contains(lines, l => l.StartsWith("bad.json:5: $.stages[1].use: unknown stage type \"example.blur\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("bad.json:6: $.stages[2].from: no stage has id \"scale\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("3 problems in", StringComparison.Ordinal));
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public async Task A_sound_job_is_described_with_its_memory_estimates()
    {
        var run = await CliRun.RunAsync("validate", Path.Combine(TestPaths.Config, "example.json"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("example.json is valid", run.Output, StringComparison.Ordinal);
        Assert.Contains("estimated peak 7 MiB of its 16 MiB budget", run.Output, StringComparison.Ordinal);
        Assert.Contains("generate (example.generate), holds 1 MiB (width × height × 4)", run.Output, StringComparison.Ordinal);
    }
}
