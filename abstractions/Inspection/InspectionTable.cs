namespace Conduit.Abstractions.Inspection;

/// <summary>A table in a summary (one row per channel, per event type, per frame).</summary>
/// <param name="Name">Short name in lower kebab case; the JSON key.</param>
/// <param name="Columns">Column headings.</param>
/// <param name="Rows">Rows, each with one value per column.</param>
public sealed record InspectionTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);
