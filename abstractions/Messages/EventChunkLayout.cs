namespace Conduit.Abstractions.Messages;

/// <summary>The shape of an <see cref="EventChunk"/>: row-major, one row per event, one column per channel.</summary>
/// <param name="Channels">Channel names, in column order.</param>
/// <param name="Rows">Events in the chunk.</param>
/// <param name="ValueType">Element type.</param>
public sealed record EventChunkLayout(IReadOnlyList<string> Channels, int Rows, EventValueType ValueType)
{
    /// <summary>Bytes per value.</summary>
    public int ValueBytes => ValueType == EventValueType.Float32 ? 4 : 8;

    /// <summary>Bytes the values take.</summary>
    public long ByteLength => (long)Rows * Channels.Count * ValueBytes;
}
