namespace Conduit.Plugins.Pulseq.Model;

/// <summary>An entry of <c>[EXTENSIONS]</c>: one link of a block's extension list.</summary>
/// <param name="Id">Entry id (what a block's <c>ext</c> column names).</param>
/// <param name="Type">The extension type number, resolved to a name by an <c>extension NAME type</c> header.</param>
/// <param name="Reference">Id of the object in that extension's table.</param>
/// <param name="Next">Next entry of the list, or 0.</param>
/// <param name="Line">Line in the file.</param>
public readonly record struct ExtensionEntry(int Id, int Type, int Reference, int Next, int Line);
