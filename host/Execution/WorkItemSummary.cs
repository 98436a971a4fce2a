using Conduit.Engine.Jobs;

namespace Conduit.Host.Execution;

/// <summary>
/// What validating every work item leaves behind: how many there are, the plan of the one with the largest estimate,
/// and whether every stage estimates its memory. Items' plans are not kept (a million items would hold a million plans):
/// each is made again when its item runs.
/// </summary>
/// <param name="Count">Work items.</param>
/// <param name="Largest">The valid plan with the largest estimated peak.</param>
internal sealed record WorkItemSummary(int Count, JobPlan Largest)
{
    /// <summary>True when every stage has a memory estimate (the same stages in every item).</summary>
    public bool AllEstimated => Largest.Stages.All(s => s.Estimate is not null);
}
