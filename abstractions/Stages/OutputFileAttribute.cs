namespace Conduit.Abstractions.Stages;

/// <summary>
/// Marks a string option that names a file the stage writes through <see cref="IStageContext.CreateOutputFile"/>, so
/// that the validator refuses, before the job runs, a path that cannot be a file (an existing folder, a name ending in
/// a separator) and two outputs that are one file (also under another name: a link, <c>..</c>, another work item).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class OutputFileAttribute : Attribute
{
}
