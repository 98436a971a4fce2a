using System.Runtime.InteropServices;
using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Spectrum.Driver;
using Conduit.Plugins.Spectrum.Receive;
using Microsoft.Extensions.Logging;

namespace Conduit.Plugins.Spectrum.Stages;

/// <summary>
/// <c>spectrum.rx</c>: records channel 0 of a Spectrum M2p.59xx digitizer in FIFO gate mode (gate = external trigger
/// EXT0, driven by the AWG's ADC-gate line), one gate per run of abutting ADC windows, and turns the record into one
/// demodulated complex line per window (<see cref="LineDemodulator"/>). The windows come from the sequence
/// (<c>pulseq.adc-windows</c>); a record that does not add up to them is an error.
/// </summary>
public sealed class RxStage(RxOptions options) : ITransformStage<AcquisitionWindow, AcquiredLine>
{
    /// <summary>How long one wait for data blocks before cancellation is looked at again.</summary>
    private const int WaitSliceMilliseconds = 100;

    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<AcquisitionWindow> input, ChannelWriter<AcquiredLine> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            await ReceiveAsync(context, input, output, cancellationToken);
        }
        catch (Exception e)
        {
            ReceiverRendezvous.Failed(options.Session, e);
            throw;
        }
    }

    private async Task ReceiveAsync(IStageContext context, ChannelReader<AcquisitionWindow> input, ChannelWriter<AcquiredLine> output, CancellationToken cancellationToken)
    {
        var (ringBytes, notifyBytes) = (options.RingSize.Bytes, (int)options.NotifySize.Bytes);
        if (notifyBytes <= 0 || notifyBytes % 4096 != 0 || ringBytes % notifyBytes != 0)
        {
            throw new ArgumentException($"notifySize {options.NotifySize} must be a multiple of 4 KiB, and ringSize {options.RingSize} a whole number of notify blocks");
        }

        var windows = new List<AcquisitionWindow>();
        await foreach (var window in input.ReadAllAsync(cancellationToken))
        {
            if (window.Frames < window.Samples)
            {
                throw new InvalidDataException($"ADC window {window.Index} lasts {window.Frames} frames for {window.Samples} samples: each sample needs at least one frame; raise the sample rate");
            }

            if (windows.Count > 0 && window.StartFrame < windows[^1].EndFrame)
            {
                throw new InvalidDataException($"ADC window {window.Index} starts at frame {window.StartFrame}, before window {windows[^1].Index} ends ({windows[^1].EndFrame})");
            }

            windows.Add(window);
        }

        if (windows.Count == 0)
        {
            throw new InvalidOperationException("no ADC windows arrived: the sequence records nothing");
        }

        // Abutting windows keep the gate high: the digitizer sees one gate for them.
        var gates = 1 + windows.Zip(windows.Skip(1)).Count(p => p.Second.StartFrame != p.First.EndFrame);
        var total = windows.Sum(w => w.Frames);
        // Declared first, freed last: the DMA is stopped before its buffer goes.
        using var ring = new DmaBuffer(context.Budget, ringBytes);
        using var card = SpcmCard.Open(options.Driver, options.Device);
        Configure(card, windows[0].SampleRate, gates);
        card.DefineTransfer(Spcm.DirectionCardToPc, (uint)notifyBytes, ring.Address, (ulong)ringBytes);
        card.Command(Spcm.CardStart | Spcm.CardEnableTrigger | Spcm.DataStartDma);
        ReceiverRendezvous.Armed(options.Session);
        context.Progress.SetTotal(windows.Count, "lines");

        var cutter = new LineCutter(windows, new LineDemodulator(options.LarmorFrequency));
        var done = new List<(AcquisitionWindow Window, float[] Values)>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!cutter.Complete)
        {
            if (!card.Wait())
            {
                // The card waits in short slices, so that a cancelled job stops the receiver at once, not after the
                // timeout (the AWG stops playing when the job is cancelled, so no more data would come).
                cancellationToken.ThrowIfCancellationRequested();
                if (waited.ElapsedMilliseconds < options.TimeoutMilliseconds)
                {
                    continue;
                }

                throw new TimeoutException($"{options.Device}: no data within {options.TimeoutMilliseconds} ms after {cutter.Lines} of the {windows.Count} lines the windows ask for ({cutter.Received} of {total} samples): is the AWG playing the same stream (sequence and repetitions), and its ADC-gate line wired to EXT0?");
            }

            waited.Restart();

            var available = card.Get(Spcm.DataAvailUserLen);
            var position = card.Get(Spcm.DataAvailUserPos);
            var bytes = (int)Math.Min(available, ringBytes - position);
            if (bytes == 0)
            {
                if ((card.Get(Spcm.M2Status) & Spcm.StatusDataEnd) != 0)
                {
                    throw new InvalidDataException($"{options.Device} recorded {gates} gates but only {cutter.Lines} of the {windows.Count} lines ({cutter.Received} of {total} samples): the stream and the windows disagree (same sampleRate and repetitions?)");
                }

                continue;
            }

            cutter.Cut(MemoryMarshal.Cast<byte, short>(ring.Slice(position, bytes)), done, options.Device);
            card.Set(Spcm.DataAvailCardLen, bytes);
            foreach (var (window, values) in done)
            {
                var line = await LineAsync(context, window with { CarrierFrequencyHz = options.LarmorFrequency }, values, cancellationToken);
                await output.WriteOrDisposeAsync(line, cancellationToken);

                context.Progress.Advance();
            }

            done.Clear();
        }

        card.Command(Spcm.CardStop | Spcm.DataStopDma);
        ReceiverRendezvous.Forget(options.Session);
        if (context.Logger.IsEnabled(LogLevel.Information))
        {
            context.Logger.LogInformation("Recorded {Lines} ADC lines ({Samples} samples in {Gates} gates) on {Device}", windows.Count, total, gates, options.Device);
        }
    }

    private static async Task<AcquiredLine> LineAsync(IStageContext context, AcquisitionWindow window, float[] values, CancellationToken cancellationToken)
    {
        var lease = await context.Pool.RentAsync(values.Length * sizeof(float), cancellationToken);
        lease.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        return new AcquiredLine(window, lease);
    }

    private void Configure(SpcmCard card, double sampleRate, int gates)
    {
        var type = card.Get(Spcm.FunctionType);
        if (type != Spcm.TypeAnalogIn)
        {
            throw new InvalidOperationException($"{options.Device} is not a digitizer (function type {type}; an M2p.59xx is {Spcm.TypeAnalogIn})");
        }

        if ((card.Get(Spcm.PciFeatures) & Spcm.FeatureGate) == 0)
        {
            throw new InvalidOperationException($"{options.Device} has no gated acquisition (SPCM_FEAT_GATE)");
        }

        card.Set(Spcm.ChannelEnable, 1);
        card.Set(Spcm.CardMode, Spcm.RecordFifoGate);
        card.Set(Spcm.ClockMode, Spcm.ClockIntPll);
        card.Set(Spcm.SampleRate, checked((long)sampleRate));
        card.Set(Spcm.Amplitude0, options.InputRangeMillivolts);
        card.Set(Spcm.PreTrigger, 0);
        card.Set(Spcm.PostTrigger, 0);
        card.Set(Spcm.Loops, gates);
        card.Set(Spcm.TriggerOrMask, Spcm.TriggerExt0);
        card.Set(Spcm.TriggerAndMask, 0);
        card.Set(Spcm.TriggerExt0Mode, Spcm.TriggerModeHigh);
        card.Set(Spcm.Timeout, Math.Min(options.TimeoutMilliseconds, WaitSliceMilliseconds));
    }

    /// <summary>Cuts the recorded codes into the windows, one demodulated line each.</summary>
    private sealed class LineCutter(List<AcquisitionWindow> windows, LineDemodulator demodulator)
    {
        private int _next;
        private float[] _line = [];

        public long Received { get; private set; }

        public int Lines { get; private set; }

        public bool Complete => _next == windows.Count && demodulator.Remaining == 0;

        public void Cut(ReadOnlySpan<short> codes, List<(AcquisitionWindow, float[])> done, string device)
        {
            while (codes.Length > 0)
            {
                if (demodulator.Remaining == 0)
                {
                    if (_next == windows.Count)
                    {
                        throw new InvalidDataException($"{device} recorded more than the {windows.Sum(w => w.Frames)} samples the windows ask for");
                    }

                    _line = new float[2 * windows[_next].Samples];
                    demodulator.Begin(windows[_next++], _line);
                }

                var taken = demodulator.Feed(codes);
                codes = codes[taken..];
                Received += taken;
                if (demodulator.Remaining == 0)
                {
                    Lines++;
                    done.Add((windows[_next - 1], _line));
                }
            }
        }
    }
}
