namespace Conduit.Abstractions.Messages;

/// <summary>The shape of an <see cref="EventChunk"/>: row-major, one row per event, one column per channel.</summary>
/// <param name="Channels">Channel names, in column order.</param>
/// <param name="Rows">Events in the chunk.</param>
/// <param name="ValueType">Element type.</param>
public sealed record EventChunkLayout(IReadOnlyList<string> Channels, int Rows, EventValueType ValueType)
{
    /// <summary>Bytes per value.</summary>
    public int ValueBytes => ValueType == EventValueType.Float32 ? 4 : 8;

    /// <summary>
    /// Key/value facts about the stream that are not its layout (instrument, acquisition date, channel labels, a
    /// spillover matrix), as the source spelled them; null when it has none. Writers of formats with keywords keep
    /// them; stages that merge streams reconcile them. Shared by every chunk of a stream.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Bytes the values take.</summary>
    public long ByteLength => (long)Rows * Channels.Count * ValueBytes;
}
