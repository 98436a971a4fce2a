namespace Conduit.Engine.Running;

/// <summary>The outcome of a job run.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="FailedStageId">The stage whose failure ended the job (null when the job failed outside a stage).</param>
/// <param name="Error">That stage's exception.</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="PeakBudgetBytes">Highest number of bytes reserved from the job budget.</param>
/// <param name="LeakedLeases">Leases still out after every stage ended (0 unless a stage leaks).</param>
/// <param name="Outputs">Final paths of the committed outputs.</param>
public sealed record JobRunResult(
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
        : FailedStageId is null ? Error.Message
        : $"stage '{FailedStageId}' failed: {Error.Message}";
}
