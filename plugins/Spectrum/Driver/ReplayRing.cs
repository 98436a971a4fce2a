namespace Conduit.Plugins.Spectrum.Driver;

/// <summary>
/// The PC side of an AWG's FIFO replay: copies samples (or zeros) into the DMA ring where SPC_DATA_AVAIL_USER_POS
/// says, hands them to the card one notify block at a time through SPC_DATA_AVAIL_CARD_LEN, and waits with
/// M2CMD_DATA_WAITDMA when the ring is full. The card is started (DMA first, then card and trigger, as replay
/// requires) the first time the ring is full, or at the end of a stream shorter than the ring.
/// </summary>
internal sealed class ReplayRing(SpcmCard card, DmaBuffer ring, int notifyBytes, Func<Task> beforeStart)
{
    private long _written;
    private long _handed;
    private long _free = ring.Length;
    private long _position;

    /// <summary>Whether the card is playing.</summary>
    public bool Started { get; private set; }

    /// <summary>Bytes handed to the card.</summary>
    public long Handed => _handed;

    /// <summary>Copies <paramref name="samples"/> into the ring, waiting for room.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> samples, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < samples.Length;)
        {
            var n = (int)Math.Min(await RoomAsync(cancellationToken), samples.Length - offset);
            samples.Span.Slice(offset, n).CopyTo(ring.Slice(_position, n));
            Advance(n);
            offset += n;
        }
    }

    /// <summary>Writes <paramref name="bytes"/> zeros into the ring (an idle stretch needs no buffer of its own).</summary>
    public async Task WriteZerosAsync(long bytes, CancellationToken cancellationToken)
    {
        while (bytes > 0)
        {
            var n = (int)Math.Min(await RoomAsync(cancellationToken), bytes);
            ring.Slice(_position, n).Clear();
            Advance(n);
            bytes -= n;
        }
    }

    /// <summary>Hands what is written, starts the card if the stream was shorter than the ring, then feeds zeros until
    /// every real sample has left the card's on-board FIFO (bytes taken from the ring ≥ end + FIFO size), so stopping
    /// cannot cut the stream short and the card never runs dry before the stop.</summary>
    public async Task FinishAsync(long onboardBytes, CancellationToken cancellationToken)
    {
        var end = _written;
        Hand(_written - _handed);
        if (!Started)
        {
            await StartAsync(cancellationToken);
        }

        while (Taken() < end + onboardBytes)
        {
            var room = await RoomAsync(cancellationToken);
            var n = (int)Math.Min(room, notifyBytes);
            ring.Slice(_position, n).Clear();
            Advance(n);
            Hand(_written - _handed);
        }

        if ((card.Get(Spcm.M2Status) & Spcm.StatusDataOverrun) != 0)
        {
            throw new SpectrumDriverException(card.Device, "replay", Spcm.ErrFifoHwOverrun, "the card reports an underrun (M2STAT_DATA_OVERRUN)");
        }

        card.Command(Spcm.CardStop | Spcm.DataStopDma);
    }

    // Bytes the card has taken from the ring: handed minus what still waits in it.
    private long Taken() => _handed - (ring.Length - card.Get(Spcm.DataAvailUserLen));

    private void Advance(int n)
    {
        _written += n;
        _free -= n;
        _position = (_position + n) % ring.Length;
        var whole = (_written - _handed) / notifyBytes * notifyBytes;
        if (whole > 0)
        {
            Hand(whole);
        }
    }

    private void Hand(long bytes)
    {
        if (bytes > 0)
        {
            card.Set(Spcm.DataAvailCardLen, bytes);
            _handed += bytes;
        }
    }

    // Contiguous free bytes at the write position, after waiting for the card if the ring is full.
    private async Task<long> RoomAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_free > 0)
            {
                return Math.Min(_free, ring.Length - _position);
            }

            if (!Started)
            {
                await StartAsync(cancellationToken);
            }
            else if (!card.Wait())
            {
                throw new SpectrumDriverException(card.Device, "M2CMD_DATA_WAITDMA", Spcm.ErrTimeout, "the card took no data within the timeout");
            }

            // Free space the card reports, less what is written here but not yet handed.
            _free = card.Get(Spcm.DataAvailUserLen) - (_written - _handed);
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        card.Command(Spcm.DataStartDma | Spcm.DataWaitDma);
        await beforeStart();
        cancellationToken.ThrowIfCancellationRequested();
        card.Command(Spcm.CardStart | Spcm.CardEnableTrigger);
        Started = true;
    }
}
