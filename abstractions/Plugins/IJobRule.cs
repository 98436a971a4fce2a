namespace Conduit.Abstractions.Plugins;

/// <summary>
/// A check that no single stage's options can make: stages of one job that must agree with each other (the receiving
/// and the transmitting side of one acquisition on repetitions and sample rate). A plugin adds one with
/// <see cref="IConduitPluginBuilder.AddJobRule{TRule}"/>; <c>validate</c> and <c>run</c> apply it once every stage's
/// own options are valid, and any violation makes the job invalid.
/// </summary>
public interface IJobRule
{
    /// <summary>What disagrees among <paramref name="stages"/> (every stage of the job, options bound); empty when
    /// nothing does.</summary>
    IEnumerable<JobRuleViolation> Check(IReadOnlyList<JobStage> stages);
}
