using Conduit.Abstractions.Plugins;
using Conduit.Engine.Stages;

namespace Conduit.Engine.Jobs;

/// <summary>
/// Checks a job against the registered stage types before anything runs, and reports every problem at once:
/// unknown stage types, <c>from</c> naming no stage, cycles, message-type mismatches, bad or unknown options, stages
/// that disagree with each other (the plugins' <see cref="IJobRule"/>s), pools and stages that cannot fit the budget.
/// </summary>
public sealed class JobValidator(StageCatalog catalog)
{
    /// <summary>
    /// Prepares, on the calling thread, what the first validation of a process would otherwise prepare while the user
    /// waits: reflection-based JSON binding and the data-annotation validator, 40 ms of a trivial job's start-up. A
    /// command calls it on a second core while it builds its host (docs/benchmarks.md, Start-up).
    /// </summary>
    public static void WarmUp() => OptionsBinder.WarmUp();

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
        PoolChecks.CheckPools(job, Error);
        PoolChecks.CheckAgainstMachine(job, Error, (path, message) => warnings.Add(new JobError(path, document.Lines.LineOf(path), message)));
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
                PoolChecks.CheckPoolNames(stage, stageOptions, job, Error);
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
        StageGraphChecks.CheckConnections(job, byId, types, Error);
        StageGraphChecks.CheckCycles(job, byId, Error);
        CheckRules(job, options, Error);
        var (estimates, estimatedPeak) = JobMemoryEstimator.Estimate(job, document.BaseDirectory, types, options.Where(o => !missingInputs.Contains(o.Key)).ToDictionary(), Error);
        if (errors.Count > 0)
        {
            return new JobValidationResult(document, null, errors) { OutputFiles = outputs, Warnings = warnings };
        }

        return new JobValidationResult(document, new JobPlan(document, job, StageOrder.Order(job, byId, types, options, estimates), estimatedPeak) { CacheSlackBytes = JobMemoryEstimator.CacheSlack(job) }, errors) { OutputFiles = outputs, Warnings = warnings };
    }

    // Rules see the stages whose options are valid: a stage with bad options has its own error already.
    private void CheckRules(JobDefinition job, Dictionary<StageDefinition, object> options, Action<string, string> error)
    {
        if (catalog.Rules.Count == 0)
        {
            return;
        }

        var stages = job.Stages.Where(options.ContainsKey)
            .Select(s => new JobStage(s.Id, s.Use, s.From, options[s], s.Path))
            .ToList();
        foreach (var violation in catalog.Rules.SelectMany(rule => rule.Check(stages)))
        {
            error(violation.JsonPath, violation.Message);
        }
    }
}
