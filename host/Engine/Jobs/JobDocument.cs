namespace Conduit.Engine.Jobs;

/// <summary>A job file after reading: its definition if the structure was sound, and every problem found.</summary>
/// <param name="FilePath">The job file, or null for a job given as text.</param>
/// <param name="Definition">The job, or null when its structure is too broken to go on.</param>
/// <param name="Lines">JSON path to line index of the file.</param>
/// <param name="Errors">Structural problems (unknown keys, wrong types, missing fields).</param>
public sealed record JobDocument(string? FilePath, JobDefinition? Definition, JsonLineIndex Lines, IReadOnlyList<JobError> Errors)
{
    /// <summary>Folder that relative paths in the job resolve against.</summary>
    public string BaseDirectory => FilePath is null ? Environment.CurrentDirectory : Path.GetDirectoryName(Path.GetFullPath(FilePath))!;
}
