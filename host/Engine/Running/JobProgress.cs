using Conduit.Engine.Jobs;

namespace Conduit.Engine.Running;

/// <summary>The progress of every stage of a job run, for a display to poll.</summary>
public sealed class JobProgress
{
    /// <summary>Creates progress entries for the stages of <paramref name="plan"/>.</summary>
    public JobProgress(JobPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Stages = plan.Stages.Select(s => new StageProgress(s.Id, s.Type.Name)).ToList();
    }

    /// <summary>Stages in run order.</summary>
    public IReadOnlyList<StageProgress> Stages { get; }

    /// <summary>The entry of stage <paramref name="stageId"/>.</summary>
    public StageProgress For(string stageId) => Stages.First(s => s.StageId == stageId);
}
