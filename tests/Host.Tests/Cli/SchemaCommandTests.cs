using NJsonSchema;

namespace Conduit.Host.Tests.Cli;

public sealed class SchemaCommandTests
{
    [Fact]
    public async Task The_committed_schema_is_what_the_loaded_plugins_generate()
    {
        var run = await CliRun.RunAsync("schema");

        Assert.Equal(0, run.ExitCode);
        var committed = await File.ReadAllTextAsync(Path.Combine(TestPaths.Config, "job.schema.json"), TestContext.Current.CancellationToken);
        Assert.True(
            committed.ReplaceLineEndings("\n") == run.Output.ReplaceLineEndings("\n"),
            "config/job.schema.json is stale: regenerate it with `dotnet run --project host -- schema --out config/job.schema.json`");
    }

    public static TheoryData<string> ConfigJobs =>
        [.. Directory.EnumerateFiles(TestPaths.Config, "*.json").Where(f => !f.EndsWith("job.schema.json", StringComparison.Ordinal)).Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(ConfigJobs))]
    public async Task Every_job_in_config_names_the_schema_and_passes_it(string file)
    {
        var path = Path.Combine(TestPaths.Config, file);
        var json = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        var schema = await JsonSchema.FromFileAsync(Path.Combine(TestPaths.Config, "job.schema.json"), TestContext.Current.CancellationToken);

        Assert.Contains("\"$schema\": \"job.schema.json\"", json, StringComparison.Ordinal);
        Assert.Empty(schema.Validate(json));
    }
}
