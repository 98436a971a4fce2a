namespace Conduit.Plugins.Dicos.Network;

/// <summary>The acceptor's answer to one proposed presentation context (PS3.8 table 9-18).</summary>
/// <param name="Id">The context id.</param>
/// <param name="Result">0 acceptance, 3 abstract syntax not supported, 4 transfer syntaxes not supported.</param>
/// <param name="TransferSyntax">The transfer syntax chosen; for a refused context, the first one proposed.</param>
/// <param name="AbstractSyntax">The proposed abstract syntax (the SOP class).</param>
internal sealed record ContextAnswer(byte Id, byte Result, string TransferSyntax, string AbstractSyntax)
{
    /// <summary>The context was accepted.</summary>
    public const byte Accepted = 0;

    /// <summary>No SOP class of this abstract syntax is accepted here.</summary>
    public const byte AbstractSyntaxNotSupported = 3;

    /// <summary>None of the proposed transfer syntaxes is accepted here.</summary>
    public const byte TransferSyntaxesNotSupported = 4;
}
