using System.Buffers.Binary;

namespace Conduit.Plugins.Dicos.Network;

/// <summary>Reads PDUs from a connection, counting the bytes, and never waits longer than it is told: every read runs
/// under a deadline (ARTIM before the association, the idle timeout after it).</summary>
internal sealed class PduReader(Stream stream, string peer)
{
    private readonly byte[] _header = new byte[6];

    /// <summary>Bytes read so far: where the next byte sits in what the peer sent.</summary>
    public long Offset { get; private set; }

    /// <summary>The peer, for messages.</summary>
    public string Peer => peer;

    /// <summary>The next PDU's type and length, or null when the peer closed the connection between PDUs.</summary>
    /// <exception cref="DicomNetworkException">The header was cut off, or nothing came within <paramref name="timeout"/>.</exception>
    public async Task<(PduType Type, uint Length)?> ReadHeaderAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var read = await FillAsync(_header, timeout, "a PDU", cancellationToken);
        if (read == 0)
        {
            return null;
        }

        if (read < _header.Length)
        {
            throw new DicomNetworkException(peer, $"the connection closed {read} bytes into a PDU header", Offset);
        }

        Offset += _header.Length;
        return ((PduType)_header[0], BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(2)));
    }

    /// <summary>Fills <paramref name="buffer"/> from the connection.</summary>
    /// <exception cref="DicomNetworkException">The connection closed first, or the bytes did not come in time.</exception>
    public async Task ReadAsync(Memory<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var got = await FillAsync(buffer, timeout, $"{buffer.Length} bytes", cancellationToken);
        if (got < buffer.Length)
        {
            throw new DicomNetworkException(peer, $"the connection closed {buffer.Length - got} bytes short of a PDU's end", Offset + got);
        }

        Offset += got;
    }

    // Reads until the buffer is full or the peer closes; the bytes read.
    private async Task<int> FillAsync(Memory<byte> buffer, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DicomNetworkException(peer, $"{what} did not arrive within {timeout.TotalSeconds:0.###} s", Offset);
        }
        catch (IOException e)
        {
            throw new DicomNetworkException($"{peer}: the connection failed at byte {Offset} of what it sent ({e.Message})", e);
        }
    }
}
