namespace Conduit.Engine.Jobs;

/// <summary>A job file after reading: its definition if the structure was sound, and every problem found.</summary>
public sealed class JobDocument
{
    internal JobDocument(string? filePath, JobDefinition? definition, JsonLineIndex lines, IReadOnlyList<JobError> errors)
    {
        FilePath = filePath;
        Definition = definition;
        Lines = lines;
        Errors = errors;
    }

    /// <summary>The job file, or null for a job given as text.</summary>
    public string? FilePath { get; }

    /// <summary>The job, or null when its structure is too broken to go on.</summary>
    public JobDefinition? Definition { get; }

    /// <summary>Structural problems (unknown keys, wrong types, missing fields).</summary>
    public IReadOnlyList<JobError> Errors { get; }

    /// <summary>Folder that relative paths in the job resolve against.</summary>
    public string BaseDirectory => FilePath is null ? Environment.CurrentDirectory : Path.GetDirectoryName(Path.GetFullPath(FilePath))!;

    /// <summary>The same file with <paramref name="definition"/> in place of its job, so errors keep their lines.</summary>
    public JobDocument WithDefinition(JobDefinition definition) => new(FilePath, definition, Lines, Errors);

    /// <summary>JSON path to line index of the file.</summary>
    internal JsonLineIndex Lines { get; }
}
