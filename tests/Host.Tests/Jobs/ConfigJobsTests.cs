using Conduit.Testing.Files;
using Conduit.Tests;

namespace Conduit.Host.Tests.Jobs;

/// <summary>
/// Every job in <c>config/</c> runs to success on the layout of a fresh clone: the job file unchanged in a
/// <c>config/</c> folder, the repository's <c>tests/data</c> beside it, outputs under <c>out/</c>, nothing else; and
/// <c>inspect</c> and <c>plot</c> take every file the job wrote.
/// </summary>
public sealed class ConfigJobsTests : IDisposable
{
    private readonly TemporaryDirectory _clone = new();

    public static TheoryData<string> ConfigJobs =>
        [.. Directory.EnumerateFiles(TestPaths.Config, "*.json")
            .Select(f => Path.GetFileName(f))
            .Where(f => f != "job.schema.json")
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ConfigJobs))]
    public async Task Runs_to_success_with_only_what_the_repository_carries(string file)
    {
        Directory.CreateDirectory(_clone.File("config"));
        Directory.CreateDirectory(_clone.File("tests"));
        Directory.CreateSymbolicLink(_clone.File("tests/data"), TestData.RootFolder);
        foreach (var job in Directory.EnumerateFiles(TestPaths.Config))
        {
            var text = await File.ReadAllTextAsync(job, TestContext.Current.CancellationToken);
            if (Path.GetFileName(job) == "acquisition.json")
            {
                // The one change: the simulated cards play unthrottled, because test projects share few cores and a
                // real-time card could underrun for want of CPU (the benchmark's question, docs/benchmarks.md).
                text = text.Replace("speed=1", "speed=0", StringComparison.Ordinal).Replace("world=demo", "world=config-jobs", StringComparison.Ordinal);
            }

            await File.WriteAllTextAsync(_clone.File(Path.Combine("config", Path.GetFileName(job))), text, TestContext.Current.CancellationToken);
        }

        if (file == "acquisition.json")
        {
            AcquisitionJobTests.RequireSimulator();
        }

        // The threat report reads the CT that the demo writes: run the demo first, as the README does.
        if (file == "ct-threats.json")
        {
            await RunAsync("ct-recon.json");
        }

        await RunAsync(file);

        var written = Directory.EnumerateFiles(_clone.File("out"), "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(written);
        Assert.All(written, f => Assert.True(new FileInfo(f).Length > 0, $"{f} is empty"));
        Assert.DoesNotContain(written, f => f.EndsWith(".partial", StringComparison.Ordinal));

        // Whatever Conduit writes, it can inspect and draw (pictures excepted: they are the drawings).
        Directory.CreateDirectory(_clone.File("pictures"));
        foreach (var output in written.Where(f => !f.EndsWith(".png", StringComparison.Ordinal) && !f.EndsWith(".svg", StringComparison.Ordinal)))
        {
            var inspect = await CliRun.RunAsync("inspect", output);
            Assert.True(inspect.ExitCode == 0, $"inspect {Path.GetFileName(output)}: {inspect}");
            var picture = _clone.File(Path.Combine("pictures", Path.GetFileName(output) + ".png"));
            var plot = await CliRun.RunAsync("plot", output, "--out", picture);
            Assert.True(plot.ExitCode == 0 && new FileInfo(picture).Length > 0, $"plot {Path.GetFileName(output)}: {plot}");
        }
    }

    public void Dispose() => _clone.Dispose();

    private async Task RunAsync(string file)
    {
        var run = await CliRun.RunAsync("run", _clone.File(Path.Combine("config", file)));
        Assert.True(run.ExitCode == 0, $"{file}: {run}");
    }
}
