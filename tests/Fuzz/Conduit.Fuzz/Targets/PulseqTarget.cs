using Conduit.Plugins.Pulseq.Parsing;

namespace Conduit.Fuzz.Targets;

/// <summary>A Pulseq <c>.seq</c> file (1.2-1.5) parsed as <c>pulseq.load</c> and inspect do: sections, definitions,
/// blocks, events, every shape decompressed, timing checks, the signature, and the summary.</summary>
internal sealed class PulseqTarget : FuzzTarget
{
    public override string Name => "pulseq";

    public override string Description => "Pulseq .seq 1.2-1.5: sections, events, compressed shapes, signature, summary";

    // Decoded shapes may not exceed max(2^26 samples, 32 samples per input byte) together (SeqReader), 8 bytes a
    // sample; the tables of blocks and events are a few objects per line.
    public override AllocationBound Bound => new((32 * 8) + 64, (8L << 26) + (16 << 20));

    public override void Run(byte[] input)
    {
        var sequence = SeqReader.Parse(input, "input.seq");
        _ = sequence.Summary;
    }
}
