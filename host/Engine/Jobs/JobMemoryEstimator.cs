using Conduit.Abstractions.Memory;
using Conduit.Engine.Memory;
using Conduit.Engine.Stages;

namespace Conduit.Engine.Jobs;

/// <summary>A job's predicted peak memory from its stages' estimators and its channels.</summary>
internal static class JobMemoryEstimator
{
    /// <summary>
    /// Predicts the job's peak: what each stage holds itself (its estimator), plus, for each producer, the messages in
    /// its output channel and the one each consumer is working on: (capacity + 1) × its largest message. A transform
    /// without an estimator is assumed to pass on messages the size of its largest input.
    /// </summary>
    public static (Dictionary<StageDefinition, MemoryEstimate> Stages, long Total) Estimate(
        JobDefinition job,
        string baseDirectory,
        Dictionary<StageDefinition, StageTypeDescriptor> types,
        Dictionary<StageDefinition, object> options,
        Action<string, string> error)
    {
        var estimates = new Dictionary<StageDefinition, MemoryEstimate>();
        var budget = job.Memory.Budget.Bytes;
        foreach (var stage in job.Stages)
        {
            if (!types.TryGetValue(stage, out var type) || type.EstimatorType is null || !options.TryGetValue(stage, out var bound))
            {
                continue;
            }

            var stageBudget = Math.Min(stage.Budget?.Bytes ?? budget, budget);
            MemoryEstimate estimate;
            try
            {
                estimate = StageMemoryEstimator.Estimate(type, bound, new MemoryEstimationContext(stage.Capacity ?? job.ChannelCapacity, stageBudget) { BaseDirectory = baseDirectory });
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Estimators may read their inputs (a file's header); a missing or bad input is a job error.
                var cause = e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : e;
                error(stage.Path, $"cannot estimate the stage's memory: {cause.Message}");
                continue;
            }

            estimates[stage] = estimate;
            if (estimate.PeakBytes > stageBudget)
            {
                error(stage.Path, $"needs an estimated {ByteSize.Format(estimate.PeakBytes)} ({estimate.Formula}), more than its budget of {ByteSize.Format(stageBudget)}");
            }
            else if (PoolCharges.DefaultPool(estimate.LargestLeaseBytes) > stageBudget)
            {
                error(stage.Path, $"its largest lease of {ByteSize.Format(estimate.LargestLeaseBytes)} costs {ByteSize.Format(PoolCharges.DefaultPool(estimate.LargestLeaseBytes))} in a managed pool (rounded to a power of two), more than its budget of {ByteSize.Format(stageBudget)}");
            }
        }

        var byId = job.Stages.GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var consumersOf = job.Stages.SelectMany(c => c.From.Distinct(StringComparer.Ordinal).Select(id => (id, c)))
            .GroupBy(p => p.id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.c).ToList(), StringComparer.Ordinal);

        // The largest message each stage passes on: its own estimate's largest lease, or for a transform without an
        // estimator its largest input's. Computed producers first, with an explicit stack (no recursion, no cycles).
        var messageBytes = new Dictionary<StageDefinition, long>();
        long MessageBytes(StageDefinition start)
        {
            var pending = new Stack<StageDefinition>([start]);
            var visiting = new HashSet<StageDefinition>();
            while (pending.Count > 0)
            {
                var stage = pending.Peek();
                if (messageBytes.ContainsKey(stage))
                {
                    pending.Pop();
                    continue;
                }

                if (estimates.TryGetValue(stage, out var own))
                {
                    messageBytes[stage] = own.LargestLeaseBytes;
                    pending.Pop();
                    continue;
                }

                var inputs = stage.From.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
                var missing = inputs.Where(i => !messageBytes.ContainsKey(i)).ToList();
                if (missing.Count > 0 && visiting.Add(stage))
                {
                    foreach (var input in missing)
                    {
                        pending.Push(input);
                    }

                    continue;
                }

                // All inputs known, or a cycle (already an error): what is known is used.
                messageBytes[stage] = inputs.Select(i => messageBytes.GetValueOrDefault(i)).DefaultIfEmpty(0).Max();
                pending.Pop();
            }

            return messageBytes[start];
        }

        var parts = new List<string>();
        long total = 0;
        foreach (var stage in job.Stages)
        {
            var held = estimates.TryGetValue(stage, out var own) ? own.PeakBytes : 0;
            var consumers = consumersOf.GetValueOrDefault(stage.Id) ?? [];
            long inFlight = 0;
            if (consumers.Count > 0 && types.TryGetValue(stage, out var type) && type.OutputType is not null)
            {
                // A direct connection holds its channel and the message the consumer works on. A routed one (fan-out,
                // merge) adds the router's message and the consumers' own channels (job capacity).
                var routed = consumers.Count > 1 || consumers.Any(c => c.From.Count > 1);
                var messages = (stage.Capacity ?? job.ChannelCapacity) + 1L + (routed ? job.ChannelCapacity + 1L : 0);
                inFlight = SaturatingMultiply(messages, PoolCharges.DefaultPool(MessageBytes(stage)));
            }

            if (held + inFlight > 0)
            {
                parts.Add($"{stage.Id}: {ByteSize.Format(SaturatingAdd(held, inFlight))}");
                total = SaturatingAdd(total, SaturatingAdd(held, inFlight));
            }
        }

        var slabs = job.Memory.Pools.Values
            .Where(p => p.Kind == PoolKindName.Slab && p.Size is { Bytes: >= 1 and <= int.MaxValue })
            .Aggregate(0L, (sum, p) => SaturatingAdd(sum, p.Size!.Value.Bytes * (p.Count ?? 0)));
        if (slabs > 0)
        {
            parts.Add($"slab pools: {ByteSize.Format(slabs)}");
        }

        // Slab pools alone over the budget are already reported at the pool.
        if (SaturatingAdd(total, slabs) > budget && slabs <= budget)
        {
            error("$.memory.budget", $"the stages need an estimated {ByteSize.Format(SaturatingAdd(total, slabs))} together ({string.Join(", ", parts)}), more than the budget of {job.Memory.Budget}; running it could wait forever for memory");
        }

        return (estimates, SaturatingAdd(total, slabs));
    }

    /// <summary>
    /// Most budget the job's managed and pinned pools (the default pool and each stage's own included) can hold idle in
    /// their per-core caches on this machine (docs/adr/0014). It is not part of the estimate: caches give it back
    /// whenever a reservation would otherwise wait, so it never makes a job wait; it shows in the reported peak.
    /// </summary>
    public static long CacheSlack(JobDefinition job)
    {
        static long Slack(long limitBytes) => PoolCharges.CacheSlack(PoolCharges.CacheQuantum(limitBytes));
        var budget = job.Memory.Budget.Bytes;
        var slack = Slack(budget);
        foreach (var pool in job.Memory.Pools.Values.Where(p => p.Kind is PoolKindName.Managed or PoolKindName.Pinned))
        {
            slack = SaturatingAdd(slack, Slack(Math.Min(pool.Limit?.Bytes ?? budget, budget)));
        }

        foreach (var stage in job.Stages.Where(s => s.Budget is not null))
        {
            slack = SaturatingAdd(slack, Slack(Math.Min(stage.Budget!.Value.Bytes, budget)));
        }

        return Math.Min(slack, budget);
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static long SaturatingMultiply(long a, long b) => b != 0 && a > long.MaxValue / b ? long.MaxValue : a * b;
}
