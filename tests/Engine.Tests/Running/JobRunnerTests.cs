using Conduit.Engine.Jobs;
using Conduit.Engine.Running;
using Conduit.Engine.Tests.TestStages;
using Conduit.Testing.Files;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conduit.Engine.Tests.Running;

public sealed class JobRunnerTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly ServiceProvider _services;
    private readonly StageCatalogAndRunner _setup;

    public JobRunnerTests()
    {
        var (catalog, services) = TestPlugin.Create();
        _services = services;
        _setup = new StageCatalogAndRunner(catalog, new JobRunner(services, NullLoggerFactory.Instance));
    }

    private Collector Collector => _services.GetRequiredService<Collector>();

    public void Dispose()
    {
        _services.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_pipeline_delivers_every_message_in_order()
    {
        var result = await RunAsync("""
            { "name": "line", "stages": [
              { "id": "count", "use": "test.count", "with": { "count": 100 } },
              { "id": "pass", "use": "test.pass", "from": "count", "with": { "add": 1000 } },
              { "id": "sink", "use": "test.collect", "from": "pass", "with": { "verify": false } } ] }
            """);

        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.Equal(Enumerable.Range(1000, 100), Collector.For("sink"));
        Assert.Equal(0, result.LeakedLeases);
    }

    [Fact]
    public async Task Fan_out_gives_every_consumer_every_message_and_all_leases_come_back()
    {
        var result = await RunAsync("""
            { "name": "fan", "stages": [
              { "id": "count", "use": "test.count", "with": { "count": 50, "bytes": 4096 } },
              { "id": "left", "use": "test.collect", "from": "count" },
              { "id": "right", "use": "test.collect", "from": "count", "with": { "delayMs": 1 } } ] }
            """);

        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.Equal(Enumerable.Range(0, 50), Collector.For("left"));
        Assert.Equal(Enumerable.Range(0, 50), Collector.For("right"));
        Assert.Equal(0, result.LeakedLeases);
    }

    [Fact]
    public async Task A_stage_reading_two_producers_gets_the_messages_of_both()
    {
        var result = await RunAsync("""
            { "name": "merge", "stages": [
              { "id": "a", "use": "test.count", "with": { "count": 20 } },
              { "id": "b", "use": "test.count", "with": { "count": 30 } },
              { "id": "both", "use": "test.collect", "from": ["a", "b"] } ] }
            """);

        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.Equal(Enumerable.Range(0, 20).Concat(Enumerable.Range(0, 30)).Order(), Collector.For("both").Order());
    }

    [Fact]
    public async Task A_failing_stage_fails_the_job_names_itself_and_every_lease_comes_back()
    {
        var result = await RunAsync("""
            { "name": "fail", "stages": [
              { "id": "count", "use": "test.count", "with": { "count": 1000, "bytes": 65536 } },
              { "id": "pass", "use": "test.pass", "from": "count", "with": { "failAt": 10 } },
              { "id": "sink", "use": "test.write", "from": "pass", "with": { "path": "out/values.txt" } } ] }
            """);

        Assert.Equal(JobStatus.Failed, result.Status);
        Assert.Equal("pass", result.FailedStageId);
        Assert.IsType<InvalidOperationException>(result.Error);
        Assert.Equal("stage 'pass' failed: pass failed at message 10 on purpose", result.ErrorMessage);
        Assert.Equal(0, result.LeakedLeases);
        Assert.Empty(_directory.ListFiles());
    }

    [Fact]
    public async Task A_failing_source_is_named_not_the_consumers_that_stop_because_of_it()
    {
        var result = await RunAsync("""
            { "name": "fail", "stages": [
              { "id": "count", "use": "test.count", "with": { "count": 100, "failAt": 5 } },
              { "id": "left", "use": "test.collect", "from": "count" },
              { "id": "right", "use": "test.collect", "from": "count" } ] }
            """);

        Assert.Equal(JobStatus.Failed, result.Status);
        Assert.Equal("count", result.FailedStageId);
        Assert.IsType<InvalidDataException>(result.Error);
        Assert.Equal(0, result.LeakedLeases);
    }

    [Fact]
    public async Task Cancelling_a_running_job_returns_every_lease_and_writes_no_output()
    {
        using var cancel = new CancellationTokenSource();
        var plan = Plan("""
            { "name": "slow", "stages": [
              { "id": "count", "use": "test.count", "with": { "count": 100000, "bytes": 65536, "delayMs": 1 } },
              { "id": "pass", "use": "test.pass", "from": "count" },
              { "id": "sink", "use": "test.write", "from": "pass", "with": { "path": "out/values.txt" } } ] }
            """);
        var progress = new JobProgress(plan);
        var run = _setup.Runner.RunAsync(plan, progress, new JobRunSettings { RecycleLeaseObjects = false }, cancel.Token);
        while (progress.For("sink").Done == 0 && progress.For("count").Done < 20)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await cancel.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(JobStatus.Cancelled, result.Status);
        Assert.Equal(0, result.LeakedLeases);
        Assert.Empty(_directory.ListFiles());
        Assert.All(progress.Stages, s => Assert.Equal(StageStatus.Cancelled, s.Status));
    }

    [Fact]
    public async Task Outputs_appear_under_their_final_name_only_when_the_job_succeeds()
    {
        var result = await RunAsync("""
            { "name": "write", "stages": [
              { "id": "count", "use": "test.count", "with": { "count": 3, "bytes": 0 } },
              { "id": "sink", "use": "test.write", "from": "count", "with": { "path": "out/values.txt" } } ] }
            """);

        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.Equal([Path.Combine("out", "values.txt")], _directory.ListFiles());
        Assert.Equal(["0", "1", "2"], await File.ReadAllLinesAsync(_directory.File("out/values.txt"), TestContext.Current.CancellationToken));
        Assert.Equal([_directory.File("out/values.txt")], result.Outputs);
    }

    [Fact]
    public async Task A_consumer_that_stops_early_does_not_stall_its_producer()
    {
        var result = await RunAsync("""
            { "name": "early", "stages": [
              { "id": "count", "use": "test.count", "with": { "count": 200 } },
              { "id": "pass", "use": "test.pass", "from": "count", "with": { "stopAfter": 5 } },
              { "id": "sink", "use": "test.collect", "from": "pass" } ] }
            """).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.Equal(Enumerable.Range(0, 5), Collector.For("sink"));
        Assert.Equal(0, result.LeakedLeases);
    }

    [Fact]
    public async Task Producers_wait_for_budget_so_a_job_much_larger_than_its_budget_completes_within_it()
    {
        var result = await RunAsync("""
            { "name": "pressure", "memory": { "budget": "1 MiB" }, "stages": [
              { "id": "count", "use": "test.count", "with": { "count": 400, "bytes": 131072 } },
              { "id": "sink", "use": "test.collect", "from": "count", "with": { "delayMs": 0 } } ] }
            """);

        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.Equal(400, Collector.For("sink").Count);
        Assert.True(result.PeakBudgetBytes <= 1 << 20);
    }

    [Fact]
    public async Task A_stage_with_its_own_budget_rents_under_it()
    {
        var result = await RunAsync("""
            { "name": "nested", "memory": { "budget": "8 MiB" }, "stages": [
              { "id": "count", "use": "test.count", "budget": "256 KiB", "with": { "count": 50, "bytes": 65536 } },
              { "id": "sink", "use": "test.collect", "from": "count" } ] }
            """);

        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.True(result.PeakBudgetBytes <= 256 << 10, $"peak {result.PeakBudgetBytes}");
    }

    [Fact]
    public async Task Named_pools_from_the_job_are_available_to_stages()
    {
        var result = await RunAsync("""
            { "name": "slabs", "memory": { "budget": "8 MiB", "pools": { "slabs": { "kind": "slab", "size": "64 KiB", "count": 4 } } },
              "stages": [
              { "id": "count", "use": "test.count", "with": { "count": 40, "bytes": 65536, "pool": "slabs" } },
              { "id": "sink", "use": "test.collect", "from": "count" } ] }
            """);

        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.Equal(40, Collector.For("sink").Count);
    }

    [Fact]
    public async Task A_stage_whose_dispose_throws_after_stopping_early_fails_the_job_without_a_hang()
    {
        var result = await RunAsync("""
            { "name": "dispose", "stages": [
              { "id": "count", "use": "test.count", "with": { "count": 10000 } },
              { "id": "sink", "use": "test.collect", "from": "count", "with": { "stopAfter": 3, "throwOnDispose": true } } ] }
            """).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(JobStatus.Failed, result.Status);
        Assert.Equal("sink", result.FailedStageId);
        Assert.Equal(0, result.LeakedLeases);
    }

    [Fact]
    public async Task A_slab_pool_of_zero_bytes_is_refused_by_validation_not_at_run_time()
    {
        var result = TestPlugin.Validate("""{ "name": "x", "memory": { "pools": { "s": { "kind": "slab", "size": 0, "count": 1 } } }, "stages": [ { "id": "c", "use": "test.count" } ] }""");

        Assert.False(result.IsValid);
        await Task.CompletedTask;
    }

    private JobPlan Plan(string json)
    {
        var result = TestPlugin.Validate(json, _setup.Catalog, Path.Combine(_directory.Path, "job.json"));
        Assert.True(result.IsValid, result.Describe());
        return result.Plan!;
    }

    private Task<JobRunResult> RunAsync(string json) =>
        _setup.Runner.RunAsync(Plan(json), settings: new JobRunSettings { RecycleLeaseObjects = false }, cancellationToken: TestContext.Current.CancellationToken);

    private sealed record StageCatalogAndRunner(Conduit.Engine.Stages.StageCatalog Catalog, JobRunner Runner);
}
