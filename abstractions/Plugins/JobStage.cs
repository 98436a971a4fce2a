namespace Conduit.Abstractions.Plugins;

/// <summary>One stage of a job as an <see cref="IJobRule"/> sees it.</summary>
/// <param name="Id">The stage's id.</param>
/// <param name="Use">Its stage type, like <c>pulseq.unroll</c>.</param>
/// <param name="From">Ids of the stages it reads from.</param>
/// <param name="Options">Its options, bound to the stage type's options class.</param>
/// <param name="JsonPath">Where the stage is in the job file, like <c>$.stages[2]</c>.</param>
public sealed record JobStage(string Id, string Use, IReadOnlyList<string> From, object Options, string JsonPath);
