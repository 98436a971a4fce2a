using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Spectrum.Driver;
using Microsoft.Extensions.Logging;

namespace Conduit.Plugins.Spectrum.Stages;

/// <summary>
/// <c>spectrum.tx</c>: plays a card sample stream (such as <c>pulseq.unroll</c>'s) on a Spectrum M2p.65xx AWG in FIFO
/// replay: every channel enabled at the stream's rate, each channel's bit 15 marker routed to a multi-purpose line
/// (X0: ADC gate, X1: RF unblank, X2: phase reference, by the stream's marker names), segments copied into the DMA
/// ring as it frees, idle stretches written as zeros. An underrun or any driver error fails the stage with the
/// driver's text.
/// </summary>
public sealed class TxStage(TxOptions options) : ISinkStage<SampleSegment>
{
    private static readonly string[] Lines = ["adc-gate", "rf-unblank", "phase-reference"];

    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<SampleSegment> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var (ringBytes, notifyBytes, onboardBytes) = (options.RingSize.Bytes, (int)options.NotifySize.Bytes, options.OnboardBuffer.Bytes);
        if (notifyBytes <= 0 || notifyBytes % 4096 != 0 || ringBytes % notifyBytes != 0 || ringBytes < 2L * notifyBytes)
        {
            throw new ArgumentException($"notifySize {options.NotifySize} must be a multiple of 4 KiB, and ringSize {options.RingSize} a whole number (at least 2) of notify blocks");
        }

        if (onboardBytes < 1024 || (onboardBytes & (onboardBytes - 1)) != 0)
        {
            throw new ArgumentException($"onboardBuffer {options.OnboardBuffer} must be a power of two of at least 1 KiB");
        }

        if (!await input.WaitToReadAsync(cancellationToken) || !input.TryPeek(out var first))
        {
            throw new InvalidOperationException("no sample segments arrived, so there is nothing to play");
        }

        var format = first.Format;
        if (format.Channels is < 1 or > 4 || ringBytes % format.FrameBytes != 0)
        {
            throw new InvalidDataException($"a {format.Channels}-channel stream: the M2p AWG plays 1 to 4 channels, and the ring must hold whole frames");
        }

        // The ring is declared first so that it is freed last: the card's DMA is stopped and its buffer invalidated
        // (SpcmCard.Dispose) before the memory goes, on every path.
        using var ring = new DmaBuffer(context.Budget, ringBytes);
        using var card = SpcmCard.Open(options.Driver, options.Device);
        Configure(card, format);
        card.DefineTransfer(Spcm.DirectionPcToCard, (uint)notifyBytes, ring.Address, (ulong)ringBytes);
        var replay = new ReplayRing(card, ring, notifyBytes, () => options.WaitForReceiver
            ? ReceiverRendezvous.WaitAsync(options.Session, TimeSpan.FromMilliseconds(options.TimeoutMilliseconds * 4L), cancellationToken)
            : Task.CompletedTask);
        long frames = 0;
        try
        {
            await foreach (var segment in input.ReadAllAsync(cancellationToken))
            {
                using (segment)
                {
                    if (segment.Format != format)
                    {
                        throw new InvalidDataException($"segment at frame {segment.FirstFrame} has another format than the stream's first");
                    }

                    if (segment.IsIdle)
                    {
                        await replay.WriteZerosAsync(segment.ByteLength, cancellationToken);
                    }
                    else
                    {
                        foreach (var part in segment.Samples!.Segments(segment.ByteLength))
                        {
                            await replay.WriteAsync(part.Memory, cancellationToken);
                        }

                    }

                    frames += segment.Frames;
                }

                context.Progress.Advance(segment.Frames);
            }

            await replay.FinishAsync(onboardBytes, cancellationToken);
        }
        catch (SpectrumDriverException e) when (e.IsFifoError)
        {
            throw new InvalidOperationException($"the AWG ran dry (underrun) after {replay.Handed} bytes ({replay.Handed / format.FrameBytes} frames) had been handed to it: the stream did not keep up. {e.Message}", e);
        }
        finally
        {
            if (!options.WaitForReceiver)
            {
                ReceiverRendezvous.Forget(options.Session);
            }
        }

        if (context.Logger.IsEnabled(LogLevel.Information))
        {
            context.Logger.LogInformation("Played {Frames} frames ({Seconds:G6} s) on {Device}, no underrun; ring {Ring} bytes, notify {Notify} bytes", frames, frames / format.SampleRate, options.Device, ringBytes, notifyBytes);
        }
    }

    private void Configure(SpcmCard card, SampleStreamFormat format)
    {
        var type = card.Get(Spcm.FunctionType);
        if (type != Spcm.TypeAnalogOut)
        {
            throw new InvalidOperationException($"{options.Device} is not an AWG (function type {type}; an M2p.65xx is {Spcm.TypeAnalogOut})");
        }

        card.Set(Spcm.ChannelEnable, (1 << format.Channels) - 1);
        card.Set(Spcm.CardMode, Spcm.ReplayFifoSingle);
        card.Set(Spcm.ClockMode, Spcm.ClockIntPll);
        card.Set(Spcm.SampleRate, checked((long)format.SampleRate));
        card.Set(Spcm.ClockOut, 0);
        for (var c = 0; c < format.Channels; c++)
        {
            card.Set(Spcm.Amplitude0 + (100 * c), c < options.AmplitudeMillivolts.Count ? options.AmplitudeMillivolts[c] : 1000);
            card.Set(Spcm.EnableOut0 + (100 * c), 1);
        }

        for (var line = 0; line < Lines.Length; line++)
        {
            var channel = format.MarkerNames.ToList().IndexOf(Lines[line]);
            if (channel >= 0 && channel < format.Channels)
            {
                card.Set(Spcm.X0Mode + line, Spcm.XModeDigOut | (Spcm.XModeSourceChannel0 << channel) | Spcm.XModeSourceBit15);
            }
        }

        card.Set(Spcm.TriggerOrMask, Spcm.TriggerSoftware);
        card.Set(Spcm.TriggerAndMask, 0);
        card.Set(Spcm.Timeout, options.TimeoutMilliseconds);
        card.Set(Spcm.DataOutBufSize, options.OnboardBuffer.Bytes);
        card.Command(Spcm.CardWriteSetup);
    }
}
