using System.Text.RegularExpressions;

namespace Conduit.Engine.Running;

/// <summary>The outcome of a job run.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="FailedStageId">The stage whose failure ended the job (null when the job failed outside a stage).</param>
/// <param name="Error">That stage's exception.</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="PeakBudgetBytes">Highest number of bytes reserved from the job budget.</param>
/// <param name="LeakedLeases">Leases still out after every stage ended (0 unless a stage leaks).</param>
/// <param name="Outputs">Final paths of the committed outputs.</param>
public sealed partial record JobRunResult(
    JobStatus Status,
    string? FailedStageId,
    Exception? Error,
    TimeSpan Elapsed,
    long PeakBudgetBytes,
    long LeakedLeases,
    IReadOnlyList<string> Outputs)
{
    /// <summary>One line for people: what failed and why.</summary>
    public string? ErrorMessage => Error is null ? null
        : FailedStageId is null ? Describe(Error)
        : $"stage '{FailedStageId}' failed: {Describe(Error)}";

    /// <summary>.NET's wording for a missing file ("Could not find a part of the path") becomes the validator's, so a
    /// file that went away after validation reads the same as one that was never there.</summary>
    private static string Describe(Exception error) => error switch
    {
        FileNotFoundException { FileName: { Length: > 0 } file } => $"file not found: {file}",
        OutOfMemoryException => $"out of memory: the process may hold {Conduit.Abstractions.Memory.ByteSize.Format(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)} of managed memory (the job's budget and the runtime's allowance), and the stage allocated past it outside its pools; give the job a larger budget, or make the stage rent from its pool",
        DirectoryNotFoundException => MissingPath().Match(error.Message) is { Success: true } match
            ? $"file not found: {match.Groups[1].Value}"
            : error.Message,
        _ => error.Message,
    };

    [GeneratedRegex("^Could not find (?:a part of )?the path '(.*)'")]
    private static partial Regex MissingPath();
}
