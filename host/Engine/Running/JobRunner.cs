using System.Diagnostics;
using Conduit.Abstractions.Memory;
using Conduit.Engine.Jobs;
using Conduit.Engine.Outputs;
using Conduit.Engine.Telemetry;
using Microsoft.Extensions.Logging;

namespace Conduit.Engine.Running;

/// <summary>
/// Runs a validated job: creates its memory, connects its stages with bounded channels, runs them concurrently, and
/// makes sure that whatever happens every lease comes back and no half-written output keeps its final name. The first
/// stage to fail cancels the others and is named in the result.
/// </summary>
/// <param name="services">Where stages get their constructor arguments.</param>
/// <param name="loggerFactory">Loggers for the job and for each stage.</param>
/// <param name="metrics">Publishes each job's pools while it runs; none when null.</param>
public sealed class JobRunner(IServiceProvider services, ILoggerFactory loggerFactory, ConduitMemoryMetrics? metrics = null)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Conduit.Jobs");

    // The work items this runner runs share one listing of each output folder for leftovers of crashed runs.
    private readonly StalePartialFiles _leftovers = new();

    /// <summary>Runs <paramref name="plan"/> until it ends, fails or <paramref name="cancellationToken"/> fires.</summary>
    public async Task<JobRunResult> RunAsync(JobPlan plan, JobProgress? progress = null, JobRunSettings? settings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        progress ??= new JobProgress(plan);
        settings ??= new JobRunSettings();
        var clock = Stopwatch.StartNew();
        using var jobSpan = ConduitTelemetry.Jobs.StartActivity($"job {plan.Definition.Name}");
        jobSpan?.SetTag("conduit.job.name", plan.Definition.Name);

        JobMemory memory;
        try
        {
            memory = new JobMemory(plan, settings.RecycleLeaseObjects, metrics, settings.CachePerCore);
        }
        catch (Exception e) when (e is MemoryBudgetExceededException or ArgumentException or IOException or UnauthorizedAccessException or OutOfMemoryException)
        {
            return new JobRunResult(JobStatus.Failed, null, new InvalidOperationException($"the job's memory could not be set up: {e.Message}", e), clock.Elapsed, 0, 0, []);
        }

        using var ownedMemory = memory;
        var outputs = new OutputFileSet(_leftovers);
        using var jobCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failure = new FailureRecord();
        var wiring = JobWiring.Connect(plan, jobCancellation.Token);
        var execution = new StageExecution(services, loggerFactory, memory, outputs, wiring, plan.Document.BaseDirectory, failure, jobCancellation);
        await RunStagesAsync(plan, progress, execution, wiring, failure, jobCancellation).ConfigureAwait(false);
        await wiring.DrainAllAsync().ConfigureAwait(false);

        var status = cancellationToken.IsCancellationRequested ? JobStatus.Cancelled
            : failure.StageId is not null ? JobStatus.Failed
            : JobStatus.Succeeded;
        var (committed, commitError) = status == JobStatus.Succeeded ? Commit(outputs) : Discard(outputs);
        status = commitError is null ? status : JobStatus.Failed;
        var leaked = AuditLeases(memory);
        settings.BeforeMemoryReleased?.Invoke();
        jobSpan?.SetStatus(status == JobStatus.Succeeded ? ActivityStatusCode.Ok : ActivityStatusCode.Error, status.ToString());
        return new JobRunResult(status, failure.StageId, failure.Error ?? commitError, clock.Elapsed, memory.Budget.PeakReservedBytes, leaked, committed);
    }

    private static async Task RunStagesAsync(JobPlan plan, JobProgress progress, StageExecution execution, JobWiring wiring, FailureRecord failure, CancellationTokenSource job)
    {
        var stageTasks = plan.Stages
            .Select(stage => Task.Run(() => execution.RunAsync(stage, progress.For(stage.Id)), CancellationToken.None))
            .ToList();
        try
        {
            await Task.WhenAll(stageTasks.Concat(wiring.Routers)).ConfigureAwait(false);
        }
        catch (Exception) when (failure.StageId is not null || job.IsCancellationRequested)
        {
            // Stage errors are in the failure record; router errors follow from them.
        }
        catch (Exception e)
        {
            failure.TryRecord("(router)", e);
        }
    }

    // Gives every completed output its final name; an output a stage created but never completed is deleted.
    private (IReadOnlyList<string> Committed, Exception? Error) Commit(OutputFileSet outputs)
    {
        try
        {
            var incomplete = outputs.CommitAll();
            foreach (var path in incomplete)
            {
                _logger.LogWarning("Output {Path} was created but never completed by its stage; it was deleted", path);
            }

            return (outputs.Files.Where(f => !incomplete.Contains(f.FinalPath)).Select(f => f.FinalPath).ToList(), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Discard(outputs);
            return ([], new IOException($"the outputs could not be given their final names: {e.Message}", e));
        }
    }

    private (IReadOnlyList<string> Committed, Exception? Error) Discard(OutputFileSet outputs)
    {
        foreach (var problem in outputs.DiscardAll())
        {
            _logger.LogError("A temporary output could not be deleted: {Problem}", problem);
        }

        return ([], null);
    }

    private long AuditLeases(JobMemory memory)
    {
        var leaked = memory.OutstandingLeases;
        if (leaked > 0)
        {
            _logger.LogError("{Count} leases were not returned when the job ended: {Pools}", leaked, string.Join("; ", memory.Pools.Where(p => p.Statistics.OutstandingLeases > 0)));
        }

        return leaked;
    }
}
