using System.Diagnostics;
using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Engine.Jobs;
using Conduit.Engine.Outputs;
using Conduit.Engine.Telemetry;
using Microsoft.Extensions.DependencyInjection;
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
            memory = new JobMemory(plan, settings.RecycleLeaseObjects, metrics);
        }
        catch (Exception e) when (e is MemoryBudgetExceededException or ArgumentException or IOException or UnauthorizedAccessException or OutOfMemoryException)
        {
            return new JobRunResult(JobStatus.Failed, null, new InvalidOperationException($"the job's memory could not be set up: {e.Message}", e), clock.Elapsed, 0, 0, []);
        }

        using var ownedMemory = memory;
        var outputs = new OutputFileSet(_leftovers);
        using var jobCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failure = new FailureRecord();
        var wiring = Wire(plan, jobCancellation.Token);
        var stageTasks = plan.Stages
            .Select(stage => Task.Run(() => RunStageAsync(stage, wiring, memory, outputs, progress.For(stage.Id), failure, jobCancellation), CancellationToken.None))
            .ToList();

        try
        {
            await Task.WhenAll(stageTasks.Concat(wiring.Routers)).ConfigureAwait(false);
        }
        catch (Exception) when (failure.StageId is not null || jobCancellation.IsCancellationRequested)
        {
            // Stage errors are in the failure record; router errors follow from them.
        }
        catch (Exception e)
        {
            failure.TryRecord("(router)", e);
        }

        foreach (var port in wiring.AllPorts)
        {
            await port.DrainAsync().ConfigureAwait(false);
        }

        var status = cancellationToken.IsCancellationRequested ? JobStatus.Cancelled
            : failure.StageId is not null ? JobStatus.Failed
            : JobStatus.Succeeded;
        IReadOnlyList<string> committed = [];
        Exception? commitError = null;
        if (status == JobStatus.Succeeded)
        {
            try
            {
                var incomplete = outputs.CommitAll();
                committed = outputs.Files.Where(f => !incomplete.Contains(f.FinalPath)).Select(f => f.FinalPath).ToList();
                foreach (var path in incomplete)
                {
                    _logger.LogWarning("Output {Path} was created but never completed by its stage; it was deleted", path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                commitError = new IOException($"the outputs could not be given their final names: {e.Message}", e);
                status = JobStatus.Failed;
                DiscardOutputs(outputs);
            }
        }
        else
        {
            DiscardOutputs(outputs);
        }

        var leaked = memory.OutstandingLeases;
        if (leaked > 0)
        {
            _logger.LogError("{Count} leases were not returned when the job ended: {Pools}", leaked, string.Join("; ", memory.Pools.Where(p => p.Statistics.OutstandingLeases > 0)));
        }

        settings.BeforeMemoryReleased?.Invoke();
        jobSpan?.SetStatus(status == JobStatus.Succeeded ? ActivityStatusCode.Ok : ActivityStatusCode.Error, status.ToString());
        return new JobRunResult(status, failure.StageId, failure.Error ?? commitError, clock.Elapsed, memory.Budget.PeakReservedBytes, leaked, committed);
    }

    private static Wiring Wire(JobPlan plan, CancellationToken cancellationToken)
    {
        var wiring = new Wiring(plan.Document.BaseDirectory);
        var capacity = plan.Definition.ChannelCapacity;
        foreach (var stage in plan.Stages.Where(s => s.Type.InputType is not null))
        {
            var direct = stage.Inputs.Count == 1
                && stage.Inputs[0].Type.OutputType == stage.Type.InputType
                && plan.ConsumersOf(stage.Inputs[0]).Count() == 1;
            var portCapacity = direct ? stage.Inputs[0].Definition.Capacity ?? capacity : capacity;
            var port = StageInvoker.CreatePort(stage.Type.InputType!, portCapacity, stage.Inputs.Count);
            wiring.Inputs[stage.Id] = port;
            wiring.AllPorts.Add(port);
            if (direct)
            {
                wiring.Outputs[stage.Inputs[0].Id] = port;
            }
        }

        foreach (var producer in plan.Stages.Where(s => s.Type.OutputType is not null && !wiring.Outputs.ContainsKey(s.Id)))
        {
            var own = StageInvoker.CreatePort(producer.Type.OutputType!, producer.Definition.Capacity ?? capacity, 1);
            wiring.Outputs[producer.Id] = own;
            wiring.AllPorts.Add(own);
            var targets = plan.ConsumersOf(producer).Select(c => wiring.Inputs[c.Id]).ToList();
            wiring.Routers.Add(StageInvoker.RouteAsync(producer.Type.OutputType!, own.Reader, targets, cancellationToken));
        }

        return wiring;
    }

    private void DiscardOutputs(OutputFileSet outputs)
    {
        foreach (var problem in outputs.DiscardAll())
        {
            _logger.LogError("A temporary output could not be deleted: {Problem}", problem);
        }
    }

    private static bool IsConsequence(Exception error, CancellationTokenSource job, FailureRecord failure) =>
        job.IsCancellationRequested && (error is OperationCanceledException or ChannelClosedException || ReferenceEquals(error, failure.Error));

    private async Task RunStageAsync(
        PlannedStage stage,
        Wiring wiring,
        JobMemory memory,
        OutputFileSet outputs,
        StageProgress progress,
        FailureRecord failure,
        CancellationTokenSource job)
    {
        using var span = ConduitTelemetry.Jobs.StartActivity($"stage {stage.Id}");
        span?.SetTag("conduit.stage.id", stage.Id);
        span?.SetTag("conduit.stage.type", stage.Type.Name);
        progress.SetStatus(StageStatus.Running);
        var output = wiring.Outputs.GetValueOrDefault(stage.Id);
        var input = wiring.Inputs.GetValueOrDefault(stage.Id);
        Exception? error = null;
        object? instance = null;
        try
        {
            // Under "Conduit." so the default log levels show a stage's information messages.
            var logger = loggerFactory.CreateLogger($"Conduit.Stages.{stage.Id}");
            var context = StageContext.ForJob(stage.Id, stage.Type.Name, memory, logger, progress, outputs, wiring.BaseDirectory);
            instance = ActivatorUtilities.CreateInstance(services, stage.Type.StageType, stage.Options);
            var writer = output is null ? null : StageInvoker.CountingWriter(stage.Type.OutputType!, output.Writer, stage.Type.Name);
            await StageInvoker.InvokeAsync(stage.Type, instance, context, input?.Reader, writer, job.Token).ConfigureAwait(false);
            progress.SetStatus(StageStatus.Succeeded);
        }
        catch (Exception e)
        {
            error = e;
            if (IsConsequence(e, job, failure))
            {
                progress.SetStatus(StageStatus.Cancelled);
            }
            else
            {
                failure.TryRecord(stage.Id, e);
                progress.SetStatus(StageStatus.Failed);
                span?.SetStatus(ActivityStatusCode.Error, e.Message);
                await job.CancelAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            output?.ProducerCompleted(error);
            try
            {
                switch (instance)
                {
                    case IAsyncDisposable asyncDisposable:
                        await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                        break;
                    case IDisposable disposable:
                        disposable.Dispose();
                        break;
                }
            }
            catch (Exception e)
            {
                failure.TryRecord(stage.Id, e);
                progress.SetStatus(StageStatus.Failed);
                await job.CancelAsync().ConfigureAwait(false);
            }

            ConduitTelemetry.StageDuration.Record(progress.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("conduit.stage.type", stage.Type.Name), new KeyValuePair<string, object?>("conduit.stage.status", progress.Status.ToString()));
            if (input is not null)
            {
                await input.DrainAsync().ConfigureAwait(false);
            }
        }
    }

    private sealed class Wiring(string baseDirectory)
    {
        public string BaseDirectory { get; } = baseDirectory;

        public Dictionary<string, IMessagePort> Inputs { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, IMessagePort> Outputs { get; } = new(StringComparer.Ordinal);

        public List<IMessagePort> AllPorts { get; } = [];

        public List<Task> Routers { get; } = [];
    }

    private sealed class FailureRecord
    {
        private readonly Lock _lock = new();
        private (string StageId, Exception Error)? _first;

        public string? StageId => _first?.StageId;

        public Exception? Error => _first?.Error;

        public void TryRecord(string stageId, Exception error)
        {
            lock (_lock)
            {
                _first ??= (stageId, error);
            }
        }
    }
}
