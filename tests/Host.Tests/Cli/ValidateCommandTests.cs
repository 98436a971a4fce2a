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

    [Fact]
    public async Task The_budget_pools_may_keep_cached_per_core_is_stated_apart_from_the_estimate()
    {
        var job = _directory.File("large.json");
        await File.WriteAllTextAsync(job, """
            {
              "name": "large budget",
              "memory": { "budget": "1 GiB" },
              "stages": [
                { "id": "generate", "use": "example.generate", "with": { "width": 64, "height": 64, "count": 2 } },
                { "id": "write", "use": "example.write", "from": "generate", "with": { "path": "out.cfr" } }
              ]
            }
            """, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("validate", job);

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"estimated peak [\d.]+ [KM]iB of its 1 GiB budget", run.Output);
        Assert.Matches(@"Pools may also keep up to \d+ MiB of the budget cached on this machine's \d+ cores", run.Output);
    }

    [Fact]
    public async Task Missing_input_files_of_every_reader_are_reported_with_their_json_paths_before_anything_runs()
    {
        var job = _directory.File("inputs.json");
        Directory.CreateDirectory(_directory.File("a-folder.seq"));
        await File.WriteAllTextAsync(_directory.File("present.fcs"), "x", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(job, """
            {
              "name": "missing inputs",
              "stages": [
                { "id": "seq", "use": "pulseq.load", "with": { "path": "missing.seq" } },
                { "id": "folder", "use": "pulseq.load", "with": { "path": "a-folder.seq" } },
                { "id": "fcs", "use": "fcs.concat", "with": { "inputs": ["present.fcs", "gone.fcs"] } },
                { "id": "nifti", "use": "datasets.open", "with": { "path": "image.nii", "bval": "image.bval", "bvec": "image.bvec" } },
                { "id": "ct", "use": "dicos.read", "with": { "path": "ct.dcs" } },
                { "id": "sinogram", "use": "recon.load-sinogram", "with": { "path": "sino.npy" } }
              ]
            }
            """, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("validate", job);

        Assert.Equal(2, run.ExitCode);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string Missing(int line, string path, string file) => $"inputs.json:{line}: {path}: file not found: {_directory.File(file)}";
        Assert.Contains(Missing(4, "$.stages[0].with.path", "missing.seq"), lines);
        Assert.Contains($"inputs.json:5: $.stages[1].with.path: {_directory.File("a-folder.seq")} is a folder; a file is expected here", lines);
        Assert.Contains(Missing(6, "$.stages[2].with.inputs[1]", "gone.fcs"), lines);
        Assert.DoesNotContain(lines, l => l.Contains("present.fcs", StringComparison.Ordinal));
        Assert.Contains(Missing(7, "$.stages[3].with.path", "image.nii"), lines);
        Assert.Contains(Missing(7, "$.stages[3].with.bval", "image.bval"), lines);
        Assert.Contains(Missing(7, "$.stages[3].with.bvec", "image.bvec"), lines);
        Assert.Contains(Missing(8, "$.stages[4].with.path", "ct.dcs"), lines);
        Assert.Contains(Missing(9, "$.stages[5].with.path", "sino.npy"), lines);
        Assert.DoesNotContain("Could not find", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot estimate", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outputs_that_cannot_be_files_or_are_one_file_under_two_names_are_refused_before_anything_runs()
    {
        Directory.CreateDirectory(_directory.File("out/a-folder.cfr"));
        Directory.CreateDirectory(_directory.File("real"));
        Directory.CreateSymbolicLink(_directory.File("linked"), _directory.File("real"));
        var job = _directory.File("outputs.json");
        await File.WriteAllTextAsync(job, """
            {
              "name": "bad outputs",
              "stages": [
                { "id": "g", "use": "example.generate", "with": { "width": 4, "height": 4, "count": 1 } },
                { "id": "folder", "use": "example.write", "from": "g", "with": { "path": "out/a-folder.cfr" } },
                { "id": "slash", "use": "example.write", "from": "g", "with": { "path": "out/b/" } },
                { "id": "real", "use": "example.write", "from": "g", "with": { "path": "real/x.cfr" } },
                { "id": "link", "use": "example.write", "from": "g", "with": { "path": "linked/x.cfr" } },
                { "id": "dots", "use": "example.write", "from": "g", "with": { "path": "real/sub/../x.cfr" } }
              ]
            }
            """, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("validate", job);

        Assert.Equal(2, run.ExitCode);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains($"outputs.json:5: $.stages[1].with.path: {_directory.File("out/a-folder.cfr")} is a folder; an output needs a file name", lines);
        Assert.Contains("outputs.json:6: $.stages[2].with.path: \"out/b/\" names a folder; an output needs a file name", lines);
        Assert.Contains(lines, l => l.StartsWith("outputs.json:8: $.stages[4].with.path: writes ", StringComparison.Ordinal) && l.EndsWith("x.cfr, which $.stages[3].with.path writes too", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("outputs.json:9: $.stages[5].with.path: writes ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Work_items_whose_outputs_meet_after_dot_dot_are_refused()
    {
        var job = _directory.File("items.json");
        await File.WriteAllTextAsync(job, """
            {
              "name": "items",
              "workItems": { "stage": "g", "option": "count", "values": [1, 2] },
              "stages": [
                { "id": "g", "use": "example.generate", "with": { "width": 4, "height": 4, "count": 1 } },
                { "id": "w", "use": "example.write", "from": "g", "with": { "path": "out/x{item}/../same.cfr" } }
              ]
            }
            """, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("validate", job);

        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"work item 1: \$\.stages\[1\]\.with\.path: writes /\S*/out/same\.cfr, which work item 0 writes too", run.Error);
    }

    [Fact]
    public async Task A_key_written_twice_is_refused_with_its_line()
    {
        var job = _directory.File("twice.json");
        await File.WriteAllTextAsync(job, """
            {
              "name": "first",
              "stages": [ { "id": "g", "use": "example.generate", "with": { "width": 4, "height": 4, "width": 8 } } ],
              "name": "second"
            }
            """, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("validate", job);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("twice.json:3: $.stages[0].with.width: this key is written a second time in the same object", run.Error, StringComparison.Ordinal);
        Assert.Contains("twice.json:4: $.name: this key is written a second time in the same object", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_budget_beyond_the_machine_is_warned_about_and_slabs_beyond_it_are_refused()
    {
        var machine = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        var job = _directory.File("huge.json");
        await File.WriteAllTextAsync(job, $$"""
            {
              "name": "huge",
              "memory": { "budget": "{{(machine * 10) >> 30}} GiB", "pools": { "slabs": { "kind": "slab", "size": "1 GiB", "count": {{(machine >> 30) + 2}} } } },
              "stages": [ { "id": "g", "use": "example.generate", "with": { "width": 4, "height": 4, "count": 1, "pool": "slabs" } } ]
            }
            """, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("validate", job);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("warning: huge.json:3: $.memory.budget: the budget ", run.Error, StringComparison.Ordinal);
        Assert.Contains("$.memory.pools.slabs: slab pools allocate ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stage_without_an_estimator_is_named_instead_of_holding_0_bytes()
    {
        var run = await CliRun.RunAsync("validate", Path.Combine(TestPaths.Config, "ct-recon.json"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("budget (fbp, write, write-dicos, write-reference have no memory estimator: what they hold is not included).", run.Output, StringComparison.Ordinal);
        Assert.Contains("fbp (recon.fbp) <- phantom, no memory estimate", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("holds 0 B", run.Output, StringComparison.Ordinal);
    }
}
