using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Conduit.Abstractions.Memory;
using Conduit.Engine.Running;
using Conduit.Host.Display;
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
        var command = new Command("run", "Validate and run a job. Exit codes: 0 done, 1 a stage failed, 2 invalid job, 130 cancelled.") { job };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var env = environment(parse);
            using var host = ConduitHostFactory.Build(env.Settings);
            await host.StartAsync(CancellationToken.None);
            try
            {
                var path = parse.GetValue(job)!.FullName;
                var validation = JobLoader.Load(host.Services, path, env);
                if (!validation.IsValid)
                {
                    return ExitCodes.Invalid;
                }

                var plan = validation.Plan!;
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
