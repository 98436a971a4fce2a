using System.Text.Json.Nodes;
using Conduit.Testing.Files;
using Conduit.Tests;

namespace Conduit.Host.Tests.Jobs;

/// <summary>Jobs split into work items, run by the local executor and by a real single-node Slurm.</summary>
public sealed class WorkItemJobTests : IDisposable
{
    private static readonly string[] FcsFiles =
    [
        "flowio/G11.fcs", "flowio/data1.fcs", "fcsparser/Cytek_xP5.fcs", "fcsparser/FCS3.0_Custom_Compatible.fcs",
        "cytoflow/PU87_2_B200.fcs", "flowcal/Data001.fcs", "flowkit/test_comp_example.fcs", "flowcore/060909.001",
    ];

    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task An_fcs_batch_on_slurm_writes_what_the_local_executor_writes()
    {
        LocalSlurm.Require();
        var shared = TestData.Folder("fcs");
        var values = new JsonArray([.. FcsFiles.Select(f => (JsonNode)Path.Combine(shared, f))]);
        var job = $$"""
            { "name": "fcs-batch", "memory": { "budget": "256 MiB" },
              "workItems": { "stage": "read", "option": "path", "values": {{values.ToJsonString()}} },
              "stages": [
                { "id": "read", "use": "fcs.read", "with": { "preprocess": true } },
                { "id": "write", "use": "fcs.write", "from": "read", "with": { "path": "out/{name}.fcs" } } ] }
            """;

        var (local, slurm) = await RunBothAsync(job, "the stages' estimated peak + 256 MiB");

        Assert.Equal(FcsFiles.Select(f => Path.GetFileNameWithoutExtension(f) + ".fcs").Order(), local.Keys.Order());
        Assert.Equal(local.Keys.Order(), slurm.Keys.Order());
        Assert.All(local, pair => Assert.Equal(pair.Value, slurm[pair.Key]));
    }

    [Fact]
    public async Task A_chunked_reconstruction_on_slurm_writes_what_the_local_executor_writes()
    {
        LocalSlurm.Require();
        const string job = """
            { "name": "recon-chunks", "memory": { "budget": "64 MiB" },
              "workItems": { "stage": "phantom", "option": "firstSlice", "values": [0, 2, 4] },
              "stages": [
                { "id": "phantom", "use": "recon.phantom", "with": { "size": 64, "angles": 90, "slices": 2, "turnDegreesPerSlice": 10 } },
                { "id": "fbp", "use": "recon.fbp", "from": "phantom", "with": { "device": "cpu" } },
                { "id": "write", "use": "datasets.write-nifti", "from": "fbp", "with": { "path": "out/recon-{item}.nii" } } ] }
            """;

        var (local, slurm) = await RunBothAsync(job, "the job's budget, as a stage cannot estimate its memory");

        Assert.Equal(["recon-0.nii", "recon-1.nii", "recon-2.nii"], local.Keys.Order());
        Assert.All(local, pair => Assert.Equal(pair.Value, slurm[pair.Key]));
    }

    [Fact]
    public async Task The_local_executor_says_which_stage_keeps_items_from_running_side_by_side()
    {
        var job = _directory.File("one-at-a-time.json");
        await File.WriteAllTextAsync(job, """
            { "name": "recon-items", "memory": { "budget": "64 MiB" },
              "workItems": { "stage": "phantom", "option": "firstSlice", "values": [0, 1] },
              "stages": [
                { "id": "phantom", "use": "recon.phantom", "with": { "size": 32, "angles": 30, "slices": 1 } },
                { "id": "fbp", "use": "recon.fbp", "from": "phantom", "with": { "device": "cpu" } },
                { "id": "write", "use": "datasets.write-nifti", "from": "fbp", "with": { "path": "out/recon-{item}.nii" } } ] }
            """, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("run", job);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("2 work items, 1 at a time, each within 64 MiB of the 64 MiB budget (fbp (recon.fbp), write (datasets.write-nifti) cannot estimate their memory)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_every_stage_estimates_its_memory_slurm_is_asked_for_the_estimate_plus_the_runtime()
    {
        LocalSlurm.Require();
        var job = _directory.File("estimated.json");
        await File.WriteAllTextAsync(job, """
            { "name": "estimated", "memory": { "budget": "512 MiB" },
              "workItems": { "stage": "generate", "option": "count", "values": [2, 3] },
              "stages": [
                { "id": "generate", "use": "example.generate", "with": { "width": 64, "height": 64 } },
                { "id": "write", "use": "example.write", "from": "generate", "with": { "path": "out/{item}.cfr" } } ] }
            """, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("run", job, "--executor", "slurm");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("MiB each: the stages' estimated peak + 256 MiB", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("(768 MiB each", run.Output, StringComparison.Ordinal);
        Assert.Equal(2 * 64 * 64 * 4, new FileInfo(_directory.File("out/0.cfr")).Length - 64);
    }

    [Fact]
    public async Task A_killed_task_is_reported_with_its_log_and_resubmitting_reruns_only_it()
    {
        LocalSlurm.Require();
        var folder = _directory.File("killed");
        Directory.CreateDirectory(folder);
        var job = Path.Combine(folder, "job.json");
        // Item 1 draws an 8192² phantom with 16 samples a pixel: minutes of work, time enough to kill it.
        const string text = """
            { "name": "killed", "memory": { "budget": "4 GiB" },
              "workItems": { "stage": "phantom", "option": "size", "values": [32, SIZE] },
              "stages": [
                { "id": "phantom", "use": "recon.phantom-image" },
                { "id": "write", "use": "datasets.write-nifti", "from": "phantom", "with": { "path": "out/phantom-{item}.nii" } } ] }
            """;
        await File.WriteAllTextAsync(job, text.Replace("SIZE", "8192", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var submission = Path.Combine(folder, ".conduit-slurm", "job", "submission.json");

        var run = CliRun.RunAsync("run", job, "--executor", "slurm");
        var arrayId = await ArrayIdAsync(submission);
        await WaitUntilRunningAsync($"{arrayId}_1");
        await WaitForLogAsync(Path.Combine(folder, ".conduit-slurm", "job", "logs", "item-1.log"), "stage phantom (recon.phantom-image): running");
        await LocalSlurm.RunAsync("scancel", $"{arrayId}_1");
        var first = await run;

        Assert.Equal(1, first.ExitCode);
        Assert.Contains("work item 1 (8192) was killed before it finished", first.Error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(folder, ".conduit-slurm", "job", "logs", "item-1.log"), first.Error, StringComparison.Ordinal);
        Assert.Contains("stage phantom (recon.phantom-image): running", first.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "out", "phantom-0.nii")));
        var itemZero = File.GetLastWriteTimeUtc(Path.Combine(folder, "out", "phantom-0.nii"));

        await File.WriteAllTextAsync(job, text.Replace("SIZE", "48", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var second = await CliRun.RunAsync("run", job, "--executor", "slurm", "--resubmit-failed");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("submitted work items 1 as Slurm job array", second.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "out", "phantom-1.nii")));
        Assert.Equal(itemZero, File.GetLastWriteTimeUtc(Path.Combine(folder, "out", "phantom-0.nii")));
        var third = await CliRun.RunAsync("run", job, "--executor", "slurm", "--resubmit-failed");
        Assert.Contains("nothing to resubmit", third.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_local_executor_reports_each_failed_item_and_keeps_the_others_outputs()
    {
        var job = _directory.File("mixed.json");
        await File.WriteAllTextAsync(job, """
            { "name": "mixed", "memory": { "budget": "64 MiB" },
              "workItems": { "stage": "phantom", "option": "slices", "values": [1, 2, 3] },
              "stages": [
                { "id": "phantom", "use": "recon.phantom", "with": { "size": 32, "angles": 30 } },
                { "id": "fbp", "use": "recon.fbp", "from": "phantom", "with": { "device": "cpu", "chunkSlices": 1 } },
                { "id": "write", "use": "datasets.write-nifti", "from": "fbp", "with": { "path": "out/{item}.nii", "slicesPerVolume": 2 } } ] }
            """, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("run", job);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("work item 0 (1) failed", run.Error, StringComparison.Ordinal);
        Assert.Contains("work item 2 (3) failed", run.Error, StringComparison.Ordinal);
        Assert.Contains("2 of 3 work items did not succeed (0, 2)", run.Error, StringComparison.Ordinal);
        Assert.Equal(["mixed.json", Path.Combine("out", "1.nii")], _directory.ListFiles().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Bad_work_items_are_refused_before_anything_runs()
    {
        var job = _directory.File("bad.json");
        await File.WriteAllTextAsync(job, """
            { "name": "bad",
              "workItems": { "stage": "nosuch", "option": "path", "values": [] },
              "stages": [ { "id": "generate", "use": "example.generate", "with": { "count": 2 } } ] }
            """, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("run", job);
        var item = await CliRun.RunAsync("run", _directory.File("bad.json"), "--work-item", "3");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("$.workItems.values: expected a non-empty array", run.Error, StringComparison.Ordinal);
        Assert.Equal(2, item.ExitCode);
    }

    [Fact]
    public async Task Without_slurm_the_slurm_executor_says_so_and_the_local_one_still_runs()
    {
        var job = _directory.File("plain.json");
        await File.WriteAllTextAsync(job, """
            { "name": "plain", "stages": [
              { "id": "generate", "use": "example.generate", "with": { "count": 2, "width": 16, "height": 16 } },
              { "id": "write", "use": "example.write", "from": "generate", "with": { "path": "out/frames.cfr" } } ] }
            """, TestContext.Current.CancellationToken);
        var empty = _directory.File("no-slurm-path");
        Directory.CreateDirectory(empty);
        var dotnet = Path.GetDirectoryName(Environment.ProcessPath)!;

        using var slurm = ConduitProcess.Start(_directory.Path, new Dictionary<string, string> { ["PATH"] = $"{empty}:{dotnet}" }, "run", job, "--executor", "slurm");
        var exit = await slurm.WaitAsync(TimeSpan.FromSeconds(60));
        var local = await CliRun.RunAsync("run", job);

        Assert.Equal(2, exit);
        Assert.Contains("--executor slurm: sbatch and squeue are not on PATH", slurm.Error, StringComparison.Ordinal);
        Assert.True(local.ExitCode == 0, local.ToString());
    }

    public void Dispose() => _directory.Dispose();

    private async Task<(Dictionary<string, byte[]> Local, Dictionary<string, byte[]> Slurm)> RunBothAsync(string job, string memorySource)
    {
        var results = new List<Dictionary<string, byte[]>>();
        foreach (var executor in new[] { "local", "slurm" })
        {
            var folder = _directory.File(executor);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, "job.json");
            await File.WriteAllTextAsync(path, job, TestContext.Current.CancellationToken);
            var run = await CliRun.RunAsync("run", path, "--executor", executor);
            Assert.True(run.ExitCode == 0, run.ToString());
            if (executor == "slurm")
            {
                Assert.Contains($"MiB each: {memorySource}", run.Output, StringComparison.Ordinal);
            }

            results.Add(Directory.EnumerateFiles(Path.Combine(folder, "out")).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes));
        }

        return (results[0], results[1]);
    }

    private static async Task<string> ArrayIdAsync(string submission)
    {
        for (var i = 0; i < 600 && !File.Exists(submission); i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return JsonNode.Parse(await File.ReadAllTextAsync(submission, TestContext.Current.CancellationToken))!["jobId"]!.GetValue<string>();
    }

    // Killed only once its stage has said it runs: on a busy machine the task's process may still be starting when
    // Slurm already reports RUNNING.
    private static async Task WaitForLogAsync(string log, string line)
    {
        for (var i = 0; i < 1200; i++)
        {
            if (File.Exists(log) && (await File.ReadAllTextAsync(log, TestContext.Current.CancellationToken)).Contains(line, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"{log} never said '{line}'");
    }

    private static async Task WaitUntilRunningAsync(string task)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await LocalSlurm.RunAsync("squeue", "-h", "-j", task, "-o", "%T") == "RUNNING")
            {
                await Task.Delay(1000, TestContext.Current.CancellationToken);
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"Slurm task {task} never ran");
    }
}
