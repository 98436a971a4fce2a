using System.Globalization;
using Conduit.Abstractions.Memory;
using Conduit.Engine.Jobs;
using Conduit.Engine.Running;

namespace Conduit.Host.Execution;

/// <summary>
/// Runs a job's work items in this process, as many at once as the budget holds: each runs under budget / P, where P
/// is how many times the largest item's estimated peak fits the budget (at most one per core). When a stage cannot
/// estimate its memory, or the largest item does not validate under the smaller budget, items run one at a time under
/// the whole budget. Each item's plan is made when the item starts and dropped when it ends, so a million items cost
/// what one does. Items are independent: one failing stops no other, and each commits its own outputs.
/// </summary>
internal sealed class LocalExecutor(JobValidator validator, JobRunner runner)
{
    public async Task<IReadOnlyList<WorkItemOutcome>> RunAsync(JobDocument document, WorkItemSummary summary, TextWriter output, CancellationToken cancellationToken)
    {
        var definition = document.Definition!;
        var budget = definition.Memory.Budget.Bytes;
        var largest = Math.Max(1, summary.Largest.EstimatedPeakBytes);
        var estimated = summary.AllEstimated;
        var parallel = estimated ? (int)Math.Clamp(budget / largest, 1, Math.Min(Environment.ProcessorCount, summary.Count)) : 1;
        var largestItem = summary.Largest.Document;
        if (parallel > 1 && !Validate(largestItem, budget / parallel).IsValid)
        {
            parallel = 1;
        }

        output.WriteLine($"{summary.Count} work items, {parallel} at a time, each within {ByteSize.Format(budget / parallel)} of the {definition.Memory.Budget} budget{WhyOneAtATime(summary, parallel, estimated, largest, budget)}");
        var outcomes = new WorkItemOutcome[summary.Count];
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

        Task RunItemsAsync() => Parallel.ForEachAsync(Enumerable.Range(0, summary.Count), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            var name = definition.WorkItems?.Name(item) ?? definition.Name;
            // Validated before anything ran; made again here, under this item's share of the budget.
            var validation = Validate(WorkItemJobs.ForItem(document, item), budget / parallel);
            WorkItemOutcome outcome;
            if (validation.Plan is not { } plan)
            {
                outcome = new WorkItemOutcome(item, name, 1, $"failed before it started: {validation.Describe()}");
            }
            else
            {
                var result = await runner.RunAsync(plan, null, null, ct);
                var time = string.Create(CultureInfo.InvariantCulture, $"{result.Elapsed.TotalSeconds:0.00} s");
                outcome = result.Status switch
                {
                    JobStatus.Succeeded => new WorkItemOutcome(item, name, 0, $"succeeded in {time}{string.Concat(result.Outputs.Select(o => $"; wrote {o}"))}"),
                    JobStatus.Cancelled => new WorkItemOutcome(item, name, 130, $"cancelled after {time}"),
                    _ => new WorkItemOutcome(item, name, 1, $"failed after {time}: {result.ErrorMessage}"),
                };
            }

            outcomes[item] = outcome;
            lock (output)
            {
                output.WriteLine($"work item {item} ({name}): {outcome.Detail}");
            }
        });
    }

    // Says what keeps items from running side by side, so an operator knows what to change.
    private static string WhyOneAtATime(WorkItemSummary summary, int parallel, bool estimated, long largest, long budget)
    {
        if (parallel > 1 || summary.Count == 1)
        {
            return string.Empty;
        }

        var unestimated = summary.Largest.Stages.Where(s => s.Estimate is null).Select(s => $"{s.Definition.Id} ({s.Definition.Use})").ToList();
        return !estimated ? $" ({string.Join(", ", unestimated)} cannot estimate {(unestimated.Count == 1 ? "its" : "their")} memory)"
            : Environment.ProcessorCount == 1 ? " (this machine has one core)"
            : largest * 2 > budget ? $" (the largest item's estimated {ByteSize.Format(largest)} leaves no room for a second)"
            : " (the largest item does not validate under a share of the budget)";
    }

    // An item's document validated under `budget` (the whole budget leaves it as it is).
    private JobValidationResult Validate(JobDocument item, long budget)
    {
        var definition = item.Definition!;
        return budget == definition.Memory.Budget.Bytes
            ? validator.Validate(item)
            : validator.Validate(item.WithDefinition(definition with { Memory = definition.Memory with { Budget = new ByteSize(budget) } }));
    }
}
