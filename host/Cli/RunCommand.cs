using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Conduit.Abstractions.Memory;
using Conduit.Engine.Jobs;
using Conduit.Engine.Running;
using Conduit.Host.Display;
using Conduit.Host.Execution;
using Conduit.Host.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Conduit.Host.Cli;

/// <summary><c>conduit run JOB</c>: validates, then runs a job with progress; Ctrl+C cancels cleanly.</summary>
internal static class RunCommand
{
    public static Command Create(Func<ParseResult, CliEnvironment> environment)
    {
        var job = new Argument<FileInfo>("job") { Description = "The job file (JSON)." };
        var workItem = new Option<int?>("--work-item") { Description = "Run only this work item of a job with workItems (what each Slurm task runs)." };
        var executor = new Option<string>("--executor") { Description = "Where work items run: local (in this process, as many at once as the budget holds) or slurm (one job array).", DefaultValueFactory = _ => "local" };
        executor.AcceptOnlyFromAmong("local", "slurm");
        var partition = new Option<string?>("--partition") { Description = "Slurm partition of the job array." };
        var time = new Option<string?>("--time") { Description = "Slurm time limit of each task (e.g. 30:00)." };
        var resubmit = new Option<bool>("--resubmit-failed") { Description = "Slurm: submit only the work items that failed or were killed last time." };
        var command = new Command("run", "Validate and run a job. Exit codes: 0 done, 1 a stage (or a work item) failed, 2 invalid job, 130 cancelled.")
        {
            job, workItem, executor, partition, time, resubmit,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var env = environment(parse);
            // The second core prepares option binding while this one reads the job and builds the host.
            _ = Task.Run(JobValidator.WarmUp, CancellationToken.None);
            var path = parse.GetValue(job)!.FullName;
            var document = JobReader.ReadFile(path);
            using var host = ConduitHostFactory.Build(env.Settings with { NeededStageTypes = JobLoader.StageTypesUsedBy(document) });
            if (!LoadedPlugins.Check(host, env))
            {
                return ExitCodes.Invalid;
            }

            await host.StartAsync(CancellationToken.None);
            try
            {
                var slurm = parse.GetValue(executor) == "slurm";
                var item = parse.GetValue(workItem);
                if (document.Definition is { } definition && (slurm || item is not null || definition.WorkItems is not null))
                {
                    var count = WorkItemJobs.Count(definition);
                    if (item is not null && (item < 0 || item >= count))
                    {
                        env.Error.WriteLine($"--work-item {item}: {path} has work items 0 to {count - 1}");
                        return ExitCodes.Invalid;
                    }

                    if (item is null)
                    {
                        WorkItemSummary? summary;
                        try
                        {
                            summary = JobLoader.LoadItems(host.Services, path, document, env, cancellationToken);
                        }
                        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                        {
                            env.Error.WriteLine($"Job cancelled while its work items were validated; nothing was run.");
                            return ExitCodes.Cancelled;
                        }

                        if (summary is null)
                        {
                            return ExitCodes.Invalid;
                        }

                        if (!slurm && env.OwnsProcess)
                        {
                            ManagedHeapLimit.Apply(definition.Memory.Budget.Bytes);
                        }

                        var outcomes = slurm
                            ? await new SlurmExecutor(env.Output).RunAsync(path, document, summary, new SlurmOptions(parse.GetValue(partition), parse.GetValue(time), parse.GetValue(resubmit)), env.Settings.ExtraPluginPaths, env.Error, cancellationToken)
                            : await host.Services.GetRequiredService<LocalExecutor>().RunAsync(document, summary, env.Output, cancellationToken);
                        return outcomes is null ? ExitCodes.Invalid : ReportItems(env, definition.Name, outcomes);
                    }

                    document = WorkItemJobs.ForItem(document, item.Value);
                }

                var validation = JobLoader.Load(host.Services, path, document, env);
                if (!validation.IsValid)
                {
                    return ExitCodes.Invalid;
                }

                var plan = validation.Plan!;
                if (env.OwnsProcess)
                {
                    ManagedHeapLimit.Apply(plan.Definition.Memory.Budget.Bytes);
                }

                var progress = new JobProgress(plan);
                var meters = host.Services.GetService<MeterProvider>();
                var settings = new JobRunSettings { BeforeMemoryReleased = meters is null ? null : () => meters.ForceFlush() };
                var run = host.Services.GetRequiredService<JobRunner>().RunAsync(plan, progress, settings, cancellationToken);
                await ProgressDisplay.ShowAsync(env.Console, env.Output, env.Interactive, progress, run);
                var result = await run;
                return Report(env, plan.Definition.Name, plan.Definition.Memory.Budget, result);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        });
        return command;
    }

    /// <summary>The process's peak resident set (VmHWM on Linux), so that operators see what the job really cost.</summary>
    private static long PeakResidentBytes()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.PeakWorkingSet64;
    }

    private static int ReportItems(CliEnvironment env, string name, IReadOnlyList<WorkItemOutcome> outcomes)
    {
        var failed = outcomes.Where(o => !o.Succeeded).ToList();
        foreach (var outcome in failed)
        {
            env.Error.WriteLine($"work item {outcome.Item} ({outcome.Name}) {outcome.Detail}");
        }

        if (failed.Count == 0)
        {
            env.Output.WriteLine($"Job \"{name}\": all {outcomes.Count} work items succeeded.");
            return ExitCodes.Success;
        }

        if (failed.All(o => o.ExitCode == 130))
        {
            env.Error.WriteLine($"Job \"{name}\" cancelled: {failed.Count} of {outcomes.Count} work items did not finish ({string.Join(", ", failed.Select(f => f.Item))}); those that finished before kept their outputs. Run again (or with --resubmit-failed on Slurm) to finish them.");
            return ExitCodes.Cancelled;
        }

        env.Error.WriteLine($"Job \"{name}\": {failed.Count} of {outcomes.Count} work items did not succeed ({string.Join(", ", failed.Select(f => f.Item))}); the others' outputs are written. Fix the cause and run again with --resubmit-failed (Slurm), or run one with --work-item N.");
        return ExitCodes.Failed;
    }

    private static int Report(CliEnvironment env, string name, ByteSize budget, JobRunResult result)
    {
        var time = string.Create(CultureInfo.InvariantCulture, $"{result.Elapsed.TotalSeconds:0.00} s");
        switch (result.Status)
        {
            case JobStatus.Succeeded:
                env.Output.WriteLine($"Job \"{name}\" succeeded in {time}; peak memory {ByteSize.Format(result.PeakBudgetBytes)} of its {budget} budget; peak RSS {ByteSize.Format(PeakResidentBytes())}.");
                foreach (var output in result.Outputs)
                {
                    env.Output.WriteLine($"  wrote {output}");
                }

                return ExitCodes.Success;
            case JobStatus.Cancelled:
                env.Error.WriteLine($"Job \"{name}\" cancelled after {time}; no output was written.");
                return ExitCodes.Cancelled;
            default:
                env.Error.WriteLine($"Job \"{name}\" failed after {time}: {result.ErrorMessage}");
                env.Error.WriteLine("No output was written.");
                return ExitCodes.Failed;
        }
    }
}
