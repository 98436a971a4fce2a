namespace Conduit.Engine.Jobs;

/// <summary>One problem in a job file, located by JSON path and line.</summary>
/// <param name="Path">JSON path of the offending value (<c>$.stages[1].with.count</c>).</param>
/// <param name="Line">1-based line in the job file, when the value exists in it.</param>
/// <param name="Message">What was expected and what was found.</param>
public sealed record JobError(string Path, int? Line, string Message)
{
    /// <summary>Formats as <c>job.json:12: $.stages[1].with.count: expected an integer, found "many"</c>.</summary>
    public string Format(string? fileName) =>
        $"{fileName ?? "job"}{(Line is { } line ? $":{line}" : string.Empty)}: {Path}: {Message}";

    /// <inheritdoc />
    public override string ToString() => Format(null);
}
