namespace Conduit.Abstractions.Stages;

/// <summary>
/// Marks an option that names a file the stage reads (a string, or a list of strings), so that the validator reports
/// a missing file, or a folder where a file belongs, with the option's JSON path before the job runs. Relative paths
/// resolve against the job file's folder, as <see cref="IStageContext.ResolvePath"/> resolves them. An empty value
/// is left to the option's own checks (<c>[Required]</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class InputFileAttribute : Attribute
{
}
