using System.Diagnostics;
using System.Threading.Channels;
using Conduit.Engine.Jobs;
using Conduit.Engine.Outputs;
using Conduit.Engine.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conduit.Engine.Running;

/// <summary>
/// Runs one stage of a run on its ports: creates it, calls it through its adapter, completes its output whatever
/// happens, disposes it, records the run's first failure and cancels the others, and drains its input so that no
/// producer waits on a stage that left.
/// </summary>
internal sealed class StageExecution(
    IServiceProvider services,
    ILoggerFactory loggerFactory,
    JobMemory memory,
    OutputFileSet outputs,
    JobWiring wiring,
    string baseDirectory,
    FailureRecord failure,
    CancellationTokenSource job)
{
    public async Task RunAsync(PlannedStage stage, StageProgress progress)
    {
        using var span = ConduitTelemetry.Jobs.StartActivity($"stage {stage.Id}");
        span?.SetTag("conduit.stage.id", stage.Id);
        span?.SetTag("conduit.stage.type", stage.Type.Name);
        progress.SetStatus(StageStatus.Running);
        var output = wiring.OutputOf(stage.Id);
        var input = wiring.InputOf(stage.Id);
        Exception? error = null;
        object? instance = null;
        try
        {
            // Under "Conduit." so the default log levels show a stage's information messages.
            var logger = loggerFactory.CreateLogger($"Conduit.Stages.{stage.Id}");
            var context = StageContext.ForJob(stage.Id, stage.Type.Name, memory, logger, progress, outputs, baseDirectory);
            instance = ActivatorUtilities.CreateInstance(services, stage.Type.StageType, stage.Options);
            await StageAdapter.For(stage.Type).RunAsync(instance, context, input, output, stage.Type.Name, job.Token).ConfigureAwait(false);
            progress.SetStatus(StageStatus.Succeeded);
        }
        catch (Exception e)
        {
            error = e;
            if (IsConsequence(e))
            {
                progress.SetStatus(StageStatus.Cancelled);
            }
            else
            {
                await FailAsync(stage, progress, e).ConfigureAwait(false);
                span?.SetStatus(ActivityStatusCode.Error, e.Message);
            }
        }
        finally
        {
            output?.ProducerCompleted(error);
            await DisposeAsync(instance, stage, progress).ConfigureAwait(false);
            ConduitTelemetry.StageDuration.Record(progress.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("conduit.stage.type", stage.Type.Name), new KeyValuePair<string, object?>("conduit.stage.status", progress.Status.ToString()));
            if (input is not null)
            {
                await input.DrainAsync().ConfigureAwait(false);
            }
        }
    }

    private bool IsConsequence(Exception error) =>
        job.IsCancellationRequested && (error is OperationCanceledException or ChannelClosedException || ReferenceEquals(error, failure.Error));

    private async Task FailAsync(PlannedStage stage, StageProgress progress, Exception error)
    {
        failure.TryRecord(stage.Id, error);
        progress.SetStatus(StageStatus.Failed);
        await job.CancelAsync().ConfigureAwait(false);
    }

    private async Task DisposeAsync(object? instance, PlannedStage stage, StageProgress progress)
    {
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
            await FailAsync(stage, progress, e).ConfigureAwait(false);
        }
    }
}
