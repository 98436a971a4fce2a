namespace Conduit.Abstractions.Plugins;

/// <summary>A disagreement an <see cref="IJobRule"/> found.</summary>
/// <param name="JsonPath">The option to change, like <c>$.stages[2].with.repetitions</c>.</param>
/// <param name="Message">What disagrees with what, naming the stages.</param>
public sealed record JobRuleViolation(string JsonPath, string Message);
