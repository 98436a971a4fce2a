namespace Conduit.Plugins.Pulseq.Model;

/// <summary>What the reader assembles before it builds a <see cref="PulseqSequence"/>.</summary>
internal sealed class SequenceParts
{
    public string? FilePath { get; init; }

    public required PulseqVersion Version { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> Definitions { get; init; }

    public required SequenceRasters Rasters { get; init; }

    public required SeqBlock[] Blocks { get; init; }

    public required IReadOnlyDictionary<int, RfEvent> Rf { get; init; }

    public required IReadOnlyDictionary<int, GradientEvent> Gradients { get; init; }

    public required IReadOnlyDictionary<int, AdcEvent> Adc { get; init; }

    public required IReadOnlyDictionary<int, Shape> Shapes { get; init; }

    public required IReadOnlyDictionary<int, ExtensionEntry> ExtensionEntries { get; init; }

    public required IReadOnlyList<ExtensionSpecification> Extensions { get; init; }

    public required SignatureCheck Signature { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    public byte[]? OnceFlags { get; init; }

    public double[]?[]? BlockRotations { get; init; }

    public required SequenceSummary Summary { get; init; }
}
