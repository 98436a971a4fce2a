namespace Conduit.Plugins.Pulseq.Model;

/// <summary>
/// A parsed Pulseq sequence: blocks, the event and shape libraries they refer to, extensions, definitions and the
/// signature check. Made by <see cref="Parsing.SeqReader"/>; immutable afterwards, so one instance serves any number of
/// unrolls and repetitions.
/// </summary>
public sealed class PulseqSequence
{
    internal PulseqSequence(SequenceParts parts)
    {
        FilePath = parts.FilePath;
        Version = parts.Version;
        Definitions = parts.Definitions;
        Blocks = parts.Blocks;
        RfEvents = parts.Rf;
        Gradients = parts.Gradients;
        AdcEvents = parts.Adc;
        Shapes = parts.Shapes;
        ExtensionEntries = parts.ExtensionEntries;
        Extensions = parts.Extensions;
        Signature = parts.Signature;
        Warnings = parts.Warnings;
        Rasters = parts.Rasters;
        OnceFlags = parts.OnceFlags;
        BlockRotations = parts.BlockRotations;
        Summary = parts.Summary;
    }

    /// <summary>The file the sequence was read from, if any.</summary>
    public string? FilePath { get; }

    /// <summary>The format version of the file.</summary>
    public PulseqVersion Version { get; }

    /// <summary>Every <c>[DEFINITIONS]</c> entry in file order, unknown keys included.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Definitions { get; }

    /// <summary>The <c>Name</c> definition, if any.</summary>
    public string? Name => Definition("Name");

    /// <summary>Raster times of the file (defaults for v1.2/1.3 files that do not define them).</summary>
    public SequenceRasters Rasters { get; }

    /// <summary>The blocks in playing order.</summary>
    public IReadOnlyList<SeqBlock> Blocks { get; }

    /// <summary>RF events by id.</summary>
    public IReadOnlyDictionary<int, RfEvent> RfEvents { get; }

    /// <summary>Gradient events (trapezoids and arbitrary) by id.</summary>
    public IReadOnlyDictionary<int, GradientEvent> Gradients { get; }

    /// <summary>ADC events by id.</summary>
    public IReadOnlyDictionary<int, AdcEvent> AdcEvents { get; }

    /// <summary>Shapes by id, decompressed.</summary>
    public IReadOnlyDictionary<int, Shape> Shapes { get; }

    /// <summary>Entries of <c>[EXTENSIONS]</c> by id.</summary>
    public IReadOnlyDictionary<int, ExtensionEntry> ExtensionEntries { get; }

    /// <summary>The extension tables, known and unknown.</summary>
    public IReadOnlyList<ExtensionSpecification> Extensions { get; }

    /// <summary>The signature and whether it verified.</summary>
    public SignatureCheck Signature { get; }

    /// <summary>What was odd about the file but did not stop it from being read (an unknown extension, a signature that
    /// does not verify, an event that ends after its block).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Counts, duration and activity of the whole sequence.</summary>
    public SequenceSummary Summary { get; }

    /// <summary>Per block, the ONCE label (0: every repetition, 1: first only, other: last only); null if no block sets it.</summary>
    internal byte[]? OnceFlags { get; }

    /// <summary>Per block, the 3×3 rotation (row-major) its ROTATIONS extension applies, or null for none.</summary>
    internal double[]?[]? BlockRotations { get; }

    /// <summary>The value of a definition, or null.</summary>
    public string? Definition(string key)
    {
        foreach (var pair in Definitions)
        {
            if (string.Equals(pair.Key, key, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>The extension objects a block refers to, in list order.</summary>
    public IEnumerable<(ExtensionSpecification Extension, int ObjectId, string[] Fields)> ExtensionsOf(SeqBlock block)
    {
        var byType = Extensions.ToDictionary(e => e.Type);
        var seen = 0;
        for (var id = block.Extension; id != 0 && seen++ <= ExtensionEntries.Count;)
        {
            var entry = ExtensionEntries[id];
            if (byType.TryGetValue(entry.Type, out var spec) && spec.Objects.TryGetValue(entry.Reference, out var fields))
            {
                yield return (spec, entry.Reference, fields);
            }

            id = entry.Next;
        }
    }
}
