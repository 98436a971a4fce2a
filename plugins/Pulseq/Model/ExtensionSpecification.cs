namespace Conduit.Plugins.Pulseq.Model;

/// <summary>One <c>extension NAME type</c> table: its objects by id, each the fields after the id as written.</summary>
/// <param name="Name">The extension's name (<c>LABELSET</c>, <c>TRIGGERS</c>, <c>ROTATIONS</c>, ...).</param>
/// <param name="Type">The type number entries refer to.</param>
/// <param name="Objects">Objects by id.</param>
/// <param name="IsKnown">Whether this reader understands the extension; unknown ones are kept and reported.</param>
public sealed record ExtensionSpecification(string Name, int Type, IReadOnlyDictionary<int, string[]> Objects, bool IsKnown);
