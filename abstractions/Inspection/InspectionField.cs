namespace Conduit.Abstractions.Inspection;

/// <summary>One named figure of a summary.</summary>
/// <param name="Name">Short name in lower kebab case (<c>frame-count</c>); the JSON key.</param>
/// <param name="Value">A string, number or boolean.</param>
/// <param name="Unit">Unit of a number, if any (<c>bytes</c>, <c>s</c>).</param>
public sealed record InspectionField(string Name, object? Value, string? Unit = null);
