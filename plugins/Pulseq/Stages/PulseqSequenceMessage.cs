using Conduit.Abstractions.Messages;
using Conduit.Plugins.Pulseq.Model;

namespace Conduit.Plugins.Pulseq.Stages;

/// <summary>A parsed sequence passed from <c>pulseq.load</c> to <c>pulseq.unroll</c>. It holds no lease: the model is
/// immutable and small next to its unroll, so sharing it shares the reference.</summary>
public sealed class PulseqSequenceMessage(PulseqSequence sequence) : IConduitMessage
{
    /// <summary>The sequence.</summary>
    public PulseqSequence Sequence { get; } = sequence;

    /// <inheritdoc />
    public IConduitMessage Share() => new PulseqSequenceMessage(Sequence);

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
