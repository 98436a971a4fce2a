namespace Conduit.Engine.Jobs;

/// <summary>The outcome of validating a job: a plan, or every error found.</summary>
/// <param name="Document">The job file.</param>
/// <param name="Plan">The plan, when there are no errors.</param>
/// <param name="Errors">Every problem found, in file order.</param>
public sealed record JobValidationResult(JobDocument Document, JobPlan? Plan, IReadOnlyList<JobError> Errors)
{
    /// <summary>The files the job writes: each output option's JSON path and the file with links and <c>..</c>
    /// resolved (for comparing the outputs of work items).</summary>
    public IReadOnlyList<(string JsonPath, string Canonical)> OutputFiles { get; init; } = [];

    /// <summary>What may go wrong although the job is valid (a budget larger than the machine's memory).</summary>
    public IReadOnlyList<JobError> Warnings { get; init; } = [];

    /// <summary>True when the job may run.</summary>
    public bool IsValid => Plan is not null && Errors.Count == 0;

    /// <summary>All errors, one per line, prefixed with the file and line.</summary>
    public string Describe()
    {
        var name = Document.FilePath is null ? "job" : Path.GetFileName(Document.FilePath);
        return string.Join(Environment.NewLine, Errors.Select(e => e.Format(name)));
    }
}
