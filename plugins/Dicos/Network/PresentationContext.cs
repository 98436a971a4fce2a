namespace Conduit.Plugins.Dicos.Network;

/// <summary>One presentation context an association requester proposes: an abstract syntax (a SOP class) and the
/// transfer syntaxes it can send it in (PS3.8 section 9.3.2.2).</summary>
/// <param name="Id">The odd context id (1 to 255).</param>
/// <param name="AbstractSyntax">The SOP class UID.</param>
/// <param name="TransferSyntaxes">The transfer syntax UIDs, in the requester's order of preference.</param>
internal sealed record PresentationContext(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);
