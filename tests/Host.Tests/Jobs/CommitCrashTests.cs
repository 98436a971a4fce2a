using System.Globalization;
using System.Text;
using Conduit.Testing.Files;

namespace Conduit.Host.Tests.Jobs;

/// <summary>
/// kill -9 at random instants while a job renames its 200 outputs into place (the commit widened by the fault-injection
/// pause of ADR 5): every output is always its old file or its new one, and the next run leaves nothing else behind.
/// </summary>
public sealed class CommitCrashTests : IDisposable
{
    private const int Outputs = 200;
    private const int Kills = 50;
    private readonly TemporaryDirectory _directory = new();
    private byte[]? _newBytes;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_output_is_old_or_new_after_each_kill_during_the_commit_and_the_next_run_cleans_up()
    {
        var oldJob = await WriteJobAsync("old.json", factor: 1);
        var newJob = await WriteJobAsync("new.json", factor: 3);
        await RunAsync(oldJob);
        var oldBytes = await File.ReadAllBytesAsync(Output(0), TestContext.Current.CancellationToken);
        var random = new Random(20);
        var landedInCommit = 0;
        var missed = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            using (var conduit = ConduitProcess.Start(_directory.Path, new Dictionary<string, string> { ["CONDUIT_FAULT_COMMIT_PAUSE_MS"] = "1" }, "run", newJob))
            {
                // The commit starts by giving each old file its second name; kill somewhere in the 200 renames after it.
                var deadline = DateTime.UtcNow.AddMinutes(1);
                bool started;
                while (!(started = Directory.EnumerateFiles(_directory.File("out"), "*.previous").Any()) && !conduit.HasExited)
                {
                    Assert.True(DateTime.UtcNow < deadline, $"the commit never started\n{conduit.Output}\n{conduit.Error}");
                    await Task.Delay(1, TestContext.Current.CancellationToken);
                }

                if (!started)
                {
                    // On a loaded machine this test may not get to look during the whole commit, and the run ends
                    // untouched: put the old outputs back and try this kill again.
                    Assert.True(++missed <= 10, $"the commit was missed {missed} times\n{conduit.Output}\n{conduit.Error}");
                    await RunAsync(oldJob);
                    kill--;
                    continue;
                }

                await Task.Delay(random.Next(0, Outputs + 50), TestContext.Current.CancellationToken);
            }

            var newBytes = await NewBytesAsync();
            var states = Enumerable.Range(0, Outputs).Select(i =>
            {
                Assert.True(File.Exists(Output(i)), $"kill {kill}: output {i} is missing");
                var bytes = File.ReadAllBytes(Output(i));
                return bytes.AsSpan().SequenceEqual(oldBytes) ? 'o' : bytes.AsSpan().SequenceEqual(newBytes) ? 'n' : '?';
            }).ToList();
            Assert.True(!states.Contains('?'), $"kill {kill}: an output is neither its old nor its new file: {new string([.. states])}");
            landedInCommit += states.Contains('o') && states.Contains('n') ? 1 : 0;

            // Back to all old for the next kill, so that each one finds a commit to interrupt.
            await RunAsync(oldJob);
        }

        await RunAsync(newJob);

        var left = Directory.EnumerateFiles(_directory.File("out"), "*", new EnumerationOptions { AttributesToSkip = 0 }).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(0, Outputs).Select(i => $"o{i:D3}.cfr").Order(StringComparer.Ordinal), left);
        Assert.All(Enumerable.Range(0, Outputs), i => Assert.Equal(_newBytes, File.ReadAllBytes(Output(i))));
        Assert.True(landedInCommit >= Kills / 2, $"only {landedInCommit} of {Kills} kills left old and new outputs side by side");
    }

    private async Task<byte[]> NewBytesAsync()
    {
        if (_newBytes is null)
        {
            using var reference = new TemporaryDirectory();
            var job = Path.Combine(reference.Path, "one.json");
            await File.WriteAllTextAsync(job, JobText(factor: 3, outputs: 1), TestContext.Current.CancellationToken);
            var run = await CliRun.RunAsync("run", job);
            Assert.True(run.ExitCode == 0, run.ToString());
            _newBytes = await File.ReadAllBytesAsync(Path.Combine(reference.Path, "out", "o000.cfr"), TestContext.Current.CancellationToken);
        }

        return _newBytes;
    }

    private string Output(int index) => _directory.File($"out/o{index:D3}.cfr");

    private async Task<string> WriteJobAsync(string name, int factor)
    {
        var path = _directory.File(name);
        await File.WriteAllTextAsync(path, JobText(factor, Outputs), TestContext.Current.CancellationToken);
        return path;
    }

    private static string JobText(int factor, int outputs)
    {
        var text = new StringBuilder($$"""
            { "name": "many-outputs", "memory": { "budget": "256 MiB" }, "stages": [
              { "id": "generate", "use": "example.generate", "with": { "width": 16, "height": 16, "count": 1 } },
              { "id": "scale", "use": "example.scale", "from": "generate", "with": { "factor": {{factor}} } }
            """);
        for (var i = 0; i < outputs; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $$""", { "id": "w{{i}}", "use": "example.write", "from": "scale", "with": { "path": "out/o{{i:D3}}.cfr" } }""").Append('\n');
        }

        return text.Append("] }").ToString();
    }

    private static async Task RunAsync(string job)
    {
        var run = await CliRun.RunAsync("run", job);
        Assert.True(run.ExitCode == 0, run.ToString());
    }
}
