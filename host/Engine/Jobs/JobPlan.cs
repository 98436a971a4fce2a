namespace Conduit.Engine.Jobs;

/// <summary>A job that passed validation, ready to run: stages in an order where every input comes first.</summary>
/// <param name="Document">The job file it came from.</param>
/// <param name="Definition">The job.</param>
/// <param name="Stages">Stages in topological order.</param>
/// <param name="EstimatedPeakBytes">The validator's prediction of the job's peak: what the stages with estimators hold,
/// the messages in flight between stages, and slab pools.</param>
public sealed record JobPlan(JobDocument Document, JobDefinition Definition, IReadOnlyList<PlannedStage> Stages, long EstimatedPeakBytes)
{
    /// <summary>Most budget the job's pools can hold idle in their per-core caches on this machine: not in
    /// <see cref="EstimatedPeakBytes"/>, since caches give it back before any stage would wait, but it can show in the
    /// measured peak (docs/adr/0014).</summary>
    public long CacheSlackBytes { get; init; }

    /// <summary>Stages that read from <paramref name="stage"/>.</summary>
    public IEnumerable<PlannedStage> ConsumersOf(PlannedStage stage) =>
        Stages.Where(s => s.Inputs.Contains(stage));
}
