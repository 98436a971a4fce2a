using System.CommandLine;
using Conduit.Abstractions.Memory;
using Conduit.Engine.Jobs;
using Conduit.Host.Execution;
using Conduit.Host.Hosting;

namespace Conduit.Host.Cli;

/// <summary><c>conduit validate JOB</c>: checks a job without running it.</summary>
internal static class ValidateCommand
{
    public static Command Create(Func<ParseResult, CliEnvironment> environment)
    {
        var job = new Argument<FileInfo>("job") { Description = "The job file (JSON)." };
        var command = new Command("validate", "Check a job file against the loaded plugins without running it.") { job };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Returning to the invoker first lets it install its Ctrl+C handler before a long validation starts.
            await Task.Yield();
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

            JobPlan plan;
            if (document.Definition?.WorkItems is { } items)
            {
                // Every item is checked; the one with the largest estimate is shown.
                WorkItemSummary? summary;
                try
                {
                    summary = JobLoader.LoadItems(host.Services, path, document, env, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    env.Error.WriteLine($"validation of {path} cancelled");
                    return ExitCodes.Cancelled;
                }

                if (summary is null)
                {
                    return ExitCodes.Invalid;
                }

                plan = summary.Largest;
                env.Output.WriteLine($"{items.Values.Count} work items (stage {items.Stage}, option {items.Option}), each valid; the largest:");
            }
            else
            {
                var result = JobLoader.Load(host.Services, path, document, env);
                if (!result.IsValid)
                {
                    return ExitCodes.Invalid;
                }

                plan = result.Plan!;
            }

            var unestimated = plan.Stages.Where(s => s.Estimate is null).Select(s => s.Id).ToList();
            var without = unestimated.Count == 0 ? string.Empty
                : $" ({string.Join(", ", unestimated.Take(5))}{(unestimated.Count > 5 ? $" and {unestimated.Count - 5} more" : string.Empty)} {(unestimated.Count == 1 ? "has" : "have")} no memory estimator: what {(unestimated.Count == 1 ? "it holds" : "they hold")} is not included)";
            env.Output.WriteLine($"{Path.GetFileName(path)} is valid: job \"{plan.Definition.Name}\", {plan.Stages.Count} stages, estimated peak {ByteSize.Format(plan.EstimatedPeakBytes)} of its {plan.Definition.Memory.Budget} budget{without}.");
            if (plan.CacheSlackBytes > 0)
            {
                env.Output.WriteLine($"Pools may also keep up to {ByteSize.Format(plan.CacheSlackBytes)} of the budget cached on this machine's {Environment.ProcessorCount} cores for fast renting; they give it back before any stage would wait for memory.");
            }

            foreach (var stage in plan.Stages)
            {
                var estimate = stage.Estimate is { } e ? $", holds {ByteSize.Format(e.PeakBytes)} ({e.Formula})" : ", no memory estimate (what it holds itself is not in the job's estimate)";
                var from = stage.Inputs.Count > 0 ? $" <- {string.Join(", ", stage.Inputs.Select(i => i.Id))}" : string.Empty;
                env.Output.WriteLine($"  {stage.Id} ({stage.Type.Name}){from}{estimate}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
