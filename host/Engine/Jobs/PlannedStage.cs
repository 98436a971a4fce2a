using Conduit.Abstractions.Memory;
using Conduit.Engine.Stages;

namespace Conduit.Engine.Jobs;

/// <summary>A validated stage: its definition, its type, its bound options and its inputs.</summary>
/// <param name="Definition">The stage as written.</param>
/// <param name="Type">The registered stage type.</param>
/// <param name="Options">The bound, validated options instance.</param>
/// <param name="Inputs">The stages it reads from.</param>
/// <param name="Estimate">The estimator's prediction, if the type has an estimator.</param>
public sealed record PlannedStage(
    StageDefinition Definition,
    StageTypeDescriptor Type,
    object Options,
    IReadOnlyList<PlannedStage> Inputs,
    MemoryEstimate? Estimate)
{
    /// <summary>The stage's id.</summary>
    public string Id => Definition.Id;
}
