namespace Conduit.Abstractions.Inspection;

/// <summary>What an inspector found: rendered as a table on a terminal and as one JSON object with <c>--json</c>.</summary>
/// <param name="Format">The format's name.</param>
/// <param name="Path">The inspected file.</param>
/// <param name="Fields">Named figures, in display order.</param>
/// <param name="Tables">Tables, in display order.</param>
public sealed record InspectionReport(
    string Format,
    string Path,
    IReadOnlyList<InspectionField> Fields,
    IReadOnlyList<InspectionTable> Tables);
