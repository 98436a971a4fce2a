using System.Globalization;
using Conduit.Abstractions.Memory;
using Conduit.Engine.Jobs;
using Conduit.Engine.Running;

namespace Conduit.Host.Execution;

/// <summary>
/// Runs a job's work items in this process, as many at once as the budget holds: each runs under budget / P, where P
/// is how many times the largest item's estimated peak fits the budget (at most one per core). When a stage cannot
/// estimate its memory, or an item does not validate under the smaller budget, items run one at a time under the whole
/// budget. Items are independent: one failing stops no other, and each commits its own outputs.
/// </summary>
internal sealed class LocalExecutor(JobValidator validator, JobRunner runner)
{
    public async Task<IReadOnlyList<WorkItemOutcome>> RunAsync(JobDocument document, IReadOnlyList<JobPlan> plans, TextWriter output, CancellationToken cancellationToken)
    {
        var definition = document.Definition!;
        var budget = definition.Memory.Budget.Bytes;
        var largest = Math.Max(1, plans.Max(p => p.EstimatedPeakBytes));
        var estimated = plans.All(p => p.Stages.All(s => s.Estimate is not null));
        var parallel = estimated ? (int)Math.Clamp(budget / largest, 1, Math.Min(Environment.ProcessorCount, plans.Count)) : 1;
        IReadOnlyList<JobPlan?> shrunk = parallel == 1 ? [.. plans] : [.. Enumerable.Range(0, plans.Count).Select(i => Shrink(WorkItemJobs.ForItem(document, i), budget / parallel))];
        if (shrunk.Any(p => p is null))
        {
            (parallel, shrunk) = (1, [.. plans]);
        }

        output.WriteLine($"{plans.Count} work items, {parallel} at a time, each within {ByteSize.Format(budget / parallel)} of the {definition.Memory.Budget} budget{WhyOneAtATime(plans, parallel, estimated, largest, budget)}");
        var outcomes = new WorkItemOutcome[plans.Count];
        try
        {
            await RunItemsAsync();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Items that never started were cancelled too; they are reported with the others.
            for (var item = 0; item < outcomes.Length; item++)
            {
                outcomes[item] ??= new WorkItemOutcome(item, definition.WorkItems?.Name(item) ?? definition.Name, 130, "cancelled before it started");
            }
        }

        return outcomes;

        Task RunItemsAsync() => Parallel.ForEachAsync(Enumerable.Range(0, plans.Count), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            var name = definition.WorkItems?.Name(item) ?? definition.Name;
            var result = await runner.RunAsync(shrunk[item]!, null, null, ct);
            var time = string.Create(CultureInfo.InvariantCulture, $"{result.Elapsed.TotalSeconds:0.00} s");
            var outcome = result.Status switch
            {
                JobStatus.Succeeded => new WorkItemOutcome(item, name, 0, $"succeeded in {time}{string.Concat(result.Outputs.Select(o => $"; wrote {o}"))}"),
                JobStatus.Cancelled => new WorkItemOutcome(item, name, 130, $"cancelled after {time}"),
                _ => new WorkItemOutcome(item, name, 1, $"failed after {time}: {result.ErrorMessage}"),
            };
            outcomes[item] = outcome;
            lock (output)
            {
                output.WriteLine($"work item {item} ({name}): {outcome.Detail}");
            }
        });
    }

    // Says what keeps items from running side by side, so an operator knows what to change.
    private static string WhyOneAtATime(IReadOnlyList<JobPlan> plans, int parallel, bool estimated, long largest, long budget)
    {
        if (parallel > 1 || plans.Count == 1)
        {
            return string.Empty;
        }

        var unestimated = plans[0].Stages.Where(s => s.Estimate is null).Select(s => $"{s.Definition.Id} ({s.Definition.Use})").ToList();
        return !estimated ? $" ({string.Join(", ", unestimated)} cannot estimate {(unestimated.Count == 1 ? "its" : "their")} memory)"
            : Environment.ProcessorCount == 1 ? " (this machine has one core)"
            : largest * 2 > budget ? $" (the largest item's estimated {ByteSize.Format(largest)} leaves no room for a second)"
            : " (an item does not validate under a share of the budget)";
    }

    // The item's plan under a smaller budget, or null when it does not validate there (its pools need more).
    private JobPlan? Shrink(JobDocument item, long budget)
    {
        var definition = item.Definition!;
        var smaller = item with { Definition = definition with { Memory = definition.Memory with { Budget = new ByteSize(budget) } } };
        var result = validator.Validate(smaller);
        return result.IsValid ? result.Plan : null;
    }
}
