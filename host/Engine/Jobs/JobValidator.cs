using System.Numerics;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Stages;
using Conduit.Engine.Memory;
using Conduit.Engine.Stages;

namespace Conduit.Engine.Jobs;

/// <summary>
/// Checks a job against the registered stage types before anything runs, and reports every problem at once:
/// unknown stage types, <c>from</c> naming no stage, cycles, message-type mismatches, bad or unknown options, pools
/// and stages that cannot fit the budget.
/// </summary>
public sealed class JobValidator(StageCatalog catalog)
{
    /// <summary>Name of the pool every job has without declaring it.</summary>
    public const string DefaultPoolName = "default";

    /// <summary>Validates <paramref name="document"/>.</summary>
    public JobValidationResult Validate(JobDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var errors = new List<JobError>(document.Errors);
        if (document.Definition is not { } job)
        {
            return new JobValidationResult(document, null, errors);
        }

        void Error(string path, string message) => errors.Add(new JobError(path, document.Lines.LineOf(path), message));

        var budget = job.Memory.Budget.Bytes;
        var warnings = new List<JobError>();
        CheckPools(job, Error);
        CheckAgainstMachine(job, Error, (path, message) => warnings.Add(new JobError(path, document.Lines.LineOf(path), message)));
        var byId = new Dictionary<string, StageDefinition>(StringComparer.Ordinal);
        foreach (var stage in job.Stages)
        {
            if (!byId.TryAdd(stage.Id, stage))
            {
                Error($"{stage.Path}.id", $"stage id \"{stage.Id}\" is already used by $.stages[{byId[stage.Id].Index}]");
            }
        }

        if (job.WorkItems is { } items && !byId.ContainsKey(items.Stage))
        {
            Error("$.workItems.stage", $"no stage has id \"{items.Stage}\" (stage ids: {string.Join(", ", byId.Keys)})");
        }

        var types = new Dictionary<StageDefinition, StageTypeDescriptor>();
        var options = new Dictionary<StageDefinition, object>();
        var missingInputs = new HashSet<StageDefinition>();
        var outputs = new List<(string JsonPath, string Canonical)>();
        foreach (var stage in job.Stages)
        {
            if (!catalog.TryGet(stage.Use, out var type))
            {
                var suggestions = catalog.Suggest(stage.Use).ToList();
                var hint = suggestions.Count > 0
                    ? $"did you mean {string.Join(" or ", suggestions.Select(s => $"\"{s}\""))}?"
                    : $"known stage types: {string.Join(", ", catalog.StageTypes.Select(t => t.Name))}";
                Error($"{stage.Path}.use", $"unknown stage type \"{stage.Use}\" ({hint})");
                continue;
            }

            types[stage] = type;
            var optionErrors = new List<(string Path, string Message)>();
            if (OptionsBinder.Bind(stage.With, type.OptionsType, $"{stage.Path}.with", optionErrors) is { } bound)
            {
                options[stage] = bound;
            }

            foreach (var (path, message) in optionErrors)
            {
                Error(path, message);
            }

            if (options.TryGetValue(stage, out var stageOptions))
            {
                CheckPoolNames(stage, stageOptions, job, Error);
                if (!InputFileCheck.Check(stage, stageOptions, document.BaseDirectory, Error))
                {
                    missingInputs.Add(stage);
                }

                outputs.AddRange(OutputFileCheck.Check(stage, stageOptions, document.BaseDirectory, Error));
            }

            if (stage.Budget is { } stageBudget && stageBudget.Bytes > budget)
            {
                Error($"{stage.Path}.budget", $"the stage's budget {stageBudget} is larger than the job's {job.Memory.Budget}");
            }
        }

        OutputFileCheck.CheckDistinct(outputs, Error);
        CheckConnections(job, byId, types, Error);
        CheckCycles(job, byId, Error);
        var (estimates, estimatedPeak) = Estimate(job, document.BaseDirectory, types, options.Where(o => !missingInputs.Contains(o.Key)).ToDictionary(), Error);
        if (errors.Count > 0)
        {
            return new JobValidationResult(document, null, errors) { OutputFiles = outputs, Warnings = warnings };
        }

        return new JobValidationResult(document, new JobPlan(document, job, Order(job, byId, types, options, estimates), estimatedPeak), errors) { OutputFiles = outputs, Warnings = warnings };
    }

    private static void CheckPools(JobDefinition job, Action<string, string> error)
    {
        var budget = job.Memory.Budget;
        long preallocated = 0;
        foreach (var pool in job.Memory.Pools.Values)
        {
            var path = JsonLineIndex.Property("$.memory.pools", pool.Name);
            if (pool.Name == DefaultPoolName)
            {
                error(path, $"\"{DefaultPoolName}\" is the name of the pool every job has; choose another name");
            }

            switch (pool.Kind)
            {
                case PoolKindName.Slab when pool.Size is { } size && pool.Count is { } count:
                    if (size.Bytes is < 1 or > int.MaxValue)
                    {
                        error($"{path}.size", $"a slab is from 1 byte to 2 GiB, found {size}");
                        break;
                    }

                    var total = size.Bytes * count;
                    preallocated += total;
                    if (preallocated > budget.Bytes)
                    {
                        error(path, $"slab pool needs {count} × {size} = {ByteSize.Format(total)} preallocated; with the pools before it that is {ByteSize.Format(preallocated)}, more than the job budget of {budget}");
                    }

                    if (pool.Fallback is { } fallback && fallback != DefaultPoolName &&
                        (!job.Memory.Pools.TryGetValue(fallback, out var target) || target.Kind == PoolKindName.Slab))
                    {
                        error($"{path}.fallback", $"fallback \"{fallback}\" must be \"{DefaultPoolName}\" or a declared pool that is not a slab pool");
                    }

                    break;
                case PoolKindName.Pinned when pool.Alignment is { } alignment && !BitOperations.IsPow2(alignment):
                    error($"{path}.alignment", $"alignment must be a power of two of at least 64, found {alignment}");
                    break;
            }

            if (pool.Kind is PoolKindName.Managed or PoolKindName.Pinned && pool.Limit is { } limit && limit > budget)
            {
                error($"{path}.limit", $"the pool's limit {limit} is larger than the job budget of {budget}");
            }
        }
    }

    /// <summary>
    /// A budget is a promise the machine must keep: one larger than the memory this process may have (the machine's,
    /// or its cgroup's) is warned about, since it only fails when the job actually comes to use it; slab pools, which
    /// are allocated whole when the job starts, are refused when they cannot be.
    /// </summary>
    private static void CheckAgainstMachine(JobDefinition job, Action<string, string> error, Action<string, string> warning)
    {
        var machine = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (job.Memory.Budget.Bytes > machine)
        {
            warning("$.memory.budget", $"the budget {job.Memory.Budget} is more than the {ByteSize.Format(machine)} of memory this machine (or its cgroup) gives the process; the job fails if it comes to use it");
        }

        long slabs = 0;
        foreach (var pool in job.Memory.Pools.Values.Where(p => p.Kind == PoolKindName.Slab && p.Size is { Bytes: >= 1 and <= int.MaxValue } && p.Count is not null))
        {
            slabs += pool.Size!.Value.Bytes * pool.Count!.Value;
            if (slabs > machine)
            {
                error(JsonLineIndex.Property("$.memory.pools", pool.Name), $"slab pools allocate {ByteSize.Format(slabs)} when the job starts, more than the {ByteSize.Format(machine)} of memory this machine (or its cgroup) gives the process");
            }
        }
    }

    private static void CheckPoolNames(StageDefinition stage, object options, JobDefinition job, Action<string, string> error)
    {
        foreach (var property in options.GetType().GetProperties().Where(p => p.PropertyType == typeof(string) && p.IsDefined(typeof(PoolNameAttribute), true)))
        {
            if (property.GetValue(options) is string name && name != DefaultPoolName && !job.Memory.Pools.ContainsKey(name))
            {
                var jsonName = JobJson.Options.PropertyNamingPolicy?.ConvertName(property.Name) ?? property.Name;
                error(JsonLineIndex.Property($"{stage.Path}.with", jsonName), $"no pool named \"{name}\" (pools of this job: {string.Join(", ", job.Memory.Pools.Keys.Prepend(DefaultPoolName))})");
            }
        }
    }

    private static void CheckConnections(
        JobDefinition job,
        Dictionary<string, StageDefinition> byId,
        Dictionary<StageDefinition, StageTypeDescriptor> types,
        Action<string, string> error)
    {
        foreach (var stage in job.Stages)
        {
            var type = types.GetValueOrDefault(stage);
            if (type is not null && type.Shape == StageShape.Source && stage.From.Count > 0)
            {
                error($"{stage.Path}.from", $"{type.Name} produces data and reads none: remove \"from\"");
            }
            else if (type is not null && type.Shape != StageShape.Source && stage.From.Count == 0)
            {
                error(stage.Path, $"{type.Name} reads {type.InputType!.Name} messages: \"from\" must name the stage it reads from");
            }

            for (var i = 0; i < stage.From.Count; i++)
            {
                var fromPath = stage.From.Count == 1 ? $"{stage.Path}.from" : $"{stage.Path}.from[{i}]";
                var producerId = stage.From[i];
                if (stage.From.Take(i).Contains(producerId, StringComparer.Ordinal))
                {
                    error(fromPath, $"stage \"{producerId}\" is named twice in \"from\"");
                    continue;
                }

                if (!byId.TryGetValue(producerId, out var producer))
                {
                    error(fromPath, $"no stage has id \"{producerId}\" (stage ids: {string.Join(", ", byId.Keys)})");
                    continue;
                }

                if (producer == stage)
                {
                    error(fromPath, "a stage cannot read its own output");
                    continue;
                }

                if (type is null || type.InputType is null || !types.TryGetValue(producer, out var producerType))
                {
                    continue;
                }

                if (producerType.OutputType is null)
                {
                    error(fromPath, $"stage \"{producerId}\" ({producerType.Name}) writes no messages, so nothing can read from it");
                }
                else if (!type.InputType.IsAssignableFrom(producerType.OutputType))
                {
                    error(fromPath, $"stage \"{producerId}\" ({producerType.Name}) writes {producerType.OutputType.Name} messages but {type.Name} reads {type.InputType.Name}");
                }
            }
        }
    }

    private static void CheckCycles(JobDefinition job, Dictionary<string, StageDefinition> byId, Action<string, string> error)
    {
        // Depth-first with an explicit stack, so that a chain of 100,000 stages costs no call stack: 0 unseen, 1 on the
        // current path, 2 done.
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        var onPath = new Dictionary<string, int>(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<(StageDefinition Stage, int Next)>();
        foreach (var root in job.Stages.Where(s => byId.GetValueOrDefault(s.Id) == s))
        {
            if (state.GetValueOrDefault(root.Id) != 0)
            {
                continue;
            }

            state[root.Id] = 1;
            onPath[root.Id] = path.Count;
            path.Add(root.Id);
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (stage, next) = stack.Pop();
                if (next == stage.From.Count)
                {
                    state[stage.Id] = 2;
                    onPath.Remove(stage.Id);
                    path.RemoveAt(path.Count - 1);
                    continue;
                }

                stack.Push((stage, next + 1));
                var input = stage.From[next];
                if (!byId.TryGetValue(input, out var producer) || producer == stage)
                {
                    continue;
                }

                var inputState = state.GetValueOrDefault(input);
                if (inputState == 1)
                {
                    var cycle = path.Skip(onPath[input]).Append(input).ToList();
                    if (reported.Add(string.Join(",", cycle.Distinct().Order(StringComparer.Ordinal))))
                    {
                        error($"{stage.Path}.from", $"stages form a cycle: {string.Join(" <- ", cycle)}");
                    }
                }
                else if (inputState == 0)
                {
                    state[input] = 1;
                    onPath[input] = path.Count;
                    path.Add(input);
                    stack.Push((producer, 0));
                }
            }
        }
    }

    /// <summary>
    /// Predicts the job's peak: what each stage holds itself (its estimator), plus, for each producer, the messages in
    /// its output channel and the one each consumer is working on: (capacity + 1) × its largest message. A transform
    /// without an estimator is assumed to pass on messages the size of its largest input.
    /// </summary>
    private static (Dictionary<StageDefinition, MemoryEstimate> Stages, long Total) Estimate(
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
            else if (ManagedBufferPool.ChargeFor(estimate.LargestLeaseBytes) > stageBudget)
            {
                error(stage.Path, $"its largest lease of {ByteSize.Format(estimate.LargestLeaseBytes)} costs {ByteSize.Format(ManagedBufferPool.ChargeFor(estimate.LargestLeaseBytes))} in a managed pool (rounded to a power of two), more than its budget of {ByteSize.Format(stageBudget)}");
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
                inFlight = SaturatingMultiply(messages, ManagedBufferPool.ChargeFor(MessageBytes(stage)));
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

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static long SaturatingMultiply(long a, long b) => b != 0 && a > long.MaxValue / b ? long.MaxValue : a * b;

    private static List<PlannedStage> Order(
        JobDefinition job,
        Dictionary<string, StageDefinition> byId,
        Dictionary<StageDefinition, StageTypeDescriptor> types,
        Dictionary<StageDefinition, object> options,
        Dictionary<StageDefinition, MemoryEstimate> estimates)
    {
        // Producers before consumers, in the order a depth-first walk from each stage in file order finishes them;
        // with an explicit stack, since a valid job has no cycles but may be a chain of any length.
        var planned = new Dictionary<string, PlannedStage>(StringComparer.Ordinal);
        var ordered = new List<PlannedStage>();
        var stack = new Stack<StageDefinition>();
        foreach (var root in job.Stages)
        {
            stack.Push(root);
            while (stack.Count > 0)
            {
                var stage = stack.Peek();
                if (planned.ContainsKey(stage.Id))
                {
                    stack.Pop();
                    continue;
                }

                var waiting = stage.From.Where(id => !planned.ContainsKey(id)).Reverse().ToList();
                if (waiting.Count > 0)
                {
                    foreach (var id in waiting)
                    {
                        stack.Push(byId[id]);
                    }

                    continue;
                }

                stack.Pop();
                var result = new PlannedStage(stage, types[stage], options[stage], [.. stage.From.Select(id => planned[id])], estimates.TryGetValue(stage, out var e) ? e : null);
                planned[stage.Id] = result;
                ordered.Add(result);
            }
        }

        return ordered;
    }
}
