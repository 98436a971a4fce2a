namespace Conduit.Abstractions.Messages;

/// <summary>
/// One ADC event of a sequence as the card stream plays it: where its gate lies in the stream's frames, how many
/// samples of which dwell time it asks for, its receiver frequency and phase offsets and its labels. A sequence source
/// (such as <c>pulseq.adc-windows</c>) emits one per event and repetition, in order; a receiver uses them to cut a
/// gated recording into lines. It holds no buffer.
/// </summary>
/// <param name="Index">Position among all windows of the stream, from 0.</param>
/// <param name="Repetition">Which repetition (average) of the sequence, from 0.</param>
/// <param name="IndexInRepetition">Position among the windows of its repetition, from 0.</param>
/// <param name="StartFrame">First stream frame of the gate.</param>
/// <param name="Frames">Frames the gate stays high.</param>
/// <param name="Samples">Samples the ADC event asks for.</param>
/// <param name="DwellSeconds">Time between those samples.</param>
/// <param name="SampleRate">Frames per second of the stream.</param>
/// <param name="FrequencyOffsetHz">Receiver frequency offset from the carrier.</param>
/// <param name="PhaseOffsetRadians">Receiver phase offset.</param>
/// <param name="Labels">The sequence's labels at this event (LIN, PAR, SLC, ...).</param>
public sealed record AcquisitionWindow(
    long Index,
    int Repetition,
    int IndexInRepetition,
    long StartFrame,
    long Frames,
    int Samples,
    double DwellSeconds,
    double SampleRate,
    double FrequencyOffsetHz,
    double PhaseOffsetRadians,
    IReadOnlyDictionary<string, int> Labels) : IConduitMessage
{
    /// <summary>The sequence the window belongs to, for raw-data writers; null where the source does not say.</summary>
    public SequenceDescription? Sequence { get; init; }

    /// <summary>
    /// The carrier the receiver demodulated the line with (the Larmor frequency), in Hz; 0 until a receiver sets it on
    /// the windows of the lines it produces.
    /// </summary>
    public double CarrierFrequencyHz { get; init; }

    /// <summary>The frame after the gate.</summary>
    public long EndFrame => StartFrame + Frames;

    /// <inheritdoc />
    public IConduitMessage Share() => this;

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
