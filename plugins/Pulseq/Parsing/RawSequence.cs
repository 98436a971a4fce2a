namespace Conduit.Plugins.Pulseq.Parsing;

/// <summary>The lines of a <c>.seq</c> file sorted into their sections, not yet interpreted.</summary>
internal sealed class RawSequence
{
    public SeqRow? Major { get; set; }

    public SeqRow? Minor { get; set; }

    public SeqRow? Revision { get; set; }

    public int VersionLine { get; set; }

    public List<KeyValuePair<string, string>> Definitions { get; } = [];

    public List<SeqRow> Blocks { get; } = [];

    public List<SeqRow> Rf { get; } = [];

    public List<SeqRow> Gradients { get; } = [];

    public List<SeqRow> Traps { get; } = [];

    public List<SeqRow> Adc { get; } = [];

    public List<SeqRow> Delays { get; } = [];

    public int DelaysLine { get; set; }

    public List<SeqRow> ExtensionEntries { get; } = [];

    public List<RawExtension> Extensions { get; } = [];

    public List<RawShape> Shapes { get; } = [];

    public string? SignatureType { get; set; }

    public string? SignatureHash { get; set; }

    /// <summary>Offset of the <c>[SIGNATURE]</c> line, or -1.</summary>
    public int SignatureOffset { get; set; } = -1;

    public List<string> Warnings { get; } = [];
}

/// <summary>An <c>extension NAME type</c> header and the rows under it.</summary>
internal sealed record RawExtension(string Name, int Type, int Line, List<SeqRow> Rows);

/// <summary>A <c>shape_id</c> entry of <c>[SHAPES]</c> with its stored values.</summary>
internal sealed record RawShape(int Id, int Samples, int Line, List<double> Stored);
