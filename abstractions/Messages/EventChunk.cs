using Conduit.Abstractions.Memory;

namespace Conduit.Abstractions.Messages;

/// <summary>
/// A block of list-mode events (flow cytometry and the like): rows × channels values in a lease. Produced by event
/// readers and concatenation; consumed by writers and analysis. Owns its lease: disposing the chunk disposes it.
/// </summary>
public sealed class EventChunk : IConduitMessage
{
    private IBufferLease? _values;

    /// <summary>Creates a chunk that takes ownership of <paramref name="values"/>.</summary>
    /// <param name="firstEvent">Index of the chunk's first event in its stream, from 0.</param>
    /// <param name="layout">Channels, rows and element type.</param>
    /// <param name="values">The values, row-major; at least <see cref="EventChunkLayout.ByteLength"/> bytes.</param>
    /// <param name="source">Where the events come from (a file name), for messages; optional.</param>
    /// <exception cref="ArgumentException">The lease is shorter than the layout needs.</exception>
    public EventChunk(long firstEvent, EventChunkLayout layout, IBufferLease values, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length < layout.ByteLength)
        {
            throw new ArgumentException($"{layout.Rows} events × {layout.Channels.Count} channels need {layout.ByteLength} bytes, the lease has {values.Length}", nameof(values));
        }

        FirstEvent = firstEvent;
        Layout = layout;
        Source = source;
        _values = values;
    }

    /// <summary>Index of the first event in its stream.</summary>
    public long FirstEvent { get; }

    /// <summary>Channels, rows and element type.</summary>
    public EventChunkLayout Layout { get; }

    /// <summary>Where the events come from, if known.</summary>
    public string? Source { get; }

    /// <summary>The values (row-major). Owned by this chunk.</summary>
    /// <exception cref="ObjectDisposedException">The chunk was disposed or its values were taken.</exception>
    public IBufferLease Values => _values ?? throw new ObjectDisposedException(nameof(EventChunk));

    /// <summary>Takes the values out: the caller owns the lease from now on.</summary>
    public IBufferLease TakeValues() =>
        Interlocked.Exchange(ref _values, null) ?? throw new ObjectDisposedException(nameof(EventChunk));

    /// <inheritdoc />
    public IConduitMessage Share() => new EventChunk(FirstEvent, Layout, Values.Share(), Source);

    /// <inheritdoc />
    public void Dispose() => Interlocked.Exchange(ref _values, null)?.Dispose();
}
