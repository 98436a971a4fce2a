using System.Globalization;
using Conduit.Abstractions.Inspection;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Plotting;
using Conduit.Plugins.Pulseq.Inspection;
using Conduit.Plugins.Pulseq.Model;
using Conduit.Plugins.Pulseq.Parsing;
using Conduit.Plugins.Pulseq.Unrolling;
using ScottPlot;

namespace Conduit.Plugins.Pulseq.Plotting;

/// <summary>
/// <c>conduit plot</c> for Pulseq files over a time window (<c>--from</c>/<c>--to</c> in seconds; default the first
/// 50 ms): <c>diagram</c>, the sequence diagram (RF magnitude and phase, Gx, Gy, Gz, ADC windows, block boundaries),
/// and <c>stream</c>, the unrolled card stream (four channels and the three marker bits). Each track is drawn in its own
/// band, scaled to its peak in the window (the peak is in the track's label).
/// </summary>
public sealed class PulseqPlotter : IFilePlotter
{
    private const double DefaultWindow = 0.05;
    private static readonly PulseqInspector Inspector = new();

    /// <inheritdoc />
    public string Format => Inspector.Format;

    /// <inheritdoc />
    public IReadOnlyList<string> Kinds { get; } = ["diagram", "stream"];

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName) => Inspector.Match(header, fileName);

    /// <inheritdoc />
    public ValueTask PlotAsync(string path, PlotRequest request, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        var plot = Build(SeqReader.Read(path, cancellationToken), request);
        PlotImages.Write(plot, request, output);
        return ValueTask.CompletedTask;
    }

    /// <summary>The plot, not yet rendered; x is in milliseconds.</summary>
    internal static Plot Build(PulseqSequence sequence, PlotRequest request)
    {
        var duration = sequence.Summary.DurationSeconds;
        var from = request.From ?? 0;
        var to = request.To ?? Math.Min(duration, from + DefaultWindow);
        if (from < 0 || to > duration + 1e-12 || from >= to)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--from {from} --to {to}: the window must lie inside the sequence, 0 to {duration} s, with from < to"));
        }

        var tracks = new SequenceTracks(Path.GetFileName(sequence.FilePath ?? "sequence"), from, to);
        if (string.Equals(request.Kind, "stream", StringComparison.OrdinalIgnoreCase))
        {
            StreamTracks(sequence, tracks);
        }
        else
        {
            DiagramTracks(sequence, tracks);
        }

        return tracks.Plot;
    }

    private static void DiagramTracks(PulseqSequence sequence, SequenceTracks tracks)
    {
        var rfMagnitude = new List<(double T, double V)>();
        var rfPhase = new List<(double T, double V)>();
        var gradients = new[] { new List<(double T, double V)>(), new List<(double T, double V)>(), new List<(double T, double V)>() };
        var adc = new List<(double Start, double End)>();
        var boundaries = new List<double>();
        long startPs = 0;
        foreach (var block in sequence.Blocks)
        {
            var start = startPs * 1e-12;
            var end = (startPs + block.DurationPs) * 1e-12;
            startPs += block.DurationPs;
            if (end < tracks.From || start > tracks.To)
            {
                continue;
            }

            boundaries.Add(start);
            if (block.Rf != 0)
            {
                // A parallel-transmit pulse is drawn as its first channel.
                var rf = sequence.RfEvents[block.Rf].ForChannel(0);
                var t0 = start + (rf.DelayPs * 1e-12);
                var raster = rf.RasterPs * 1e-12;
                rfMagnitude.Add((t0, 0));
                rfPhase.Add((t0, 0));
                for (var k = 0; k < rf.Magnitude.Length; k++)
                {
                    var t = t0 + (rf.TimePoints is { } times ? times[k] * raster : (k + 0.5) * raster);
                    rfMagnitude.Add((t, Math.Abs(rf.Amplitude * rf.Magnitude[k])));
                    var phase = Math.IEEERemainder((rf.Phase[k] * 2 * Math.PI) + rf.PhaseOffset + (rf.Amplitude < 0 ? Math.PI : 0), 2 * Math.PI);
                    rfPhase.Add((t, phase));
                }

                rfMagnitude.Add((t0 + (rf.DurationPs * 1e-12), 0));
                rfPhase.Add((t0 + (rf.DurationPs * 1e-12), 0));
            }

            for (var axis = 0; axis < 3; axis++)
            {
                if (block.Gradient(axis) is var id and not 0)
                {
                    var g = sequence.Gradients[id];
                    var (times, values) = g.Corners;
                    var t0 = start + (g.DelayPs * 1e-12);
                    for (var i = 0; i < times.Length; i++)
                    {
                        gradients[axis].Add((t0 + times[i], values[i]));
                    }
                }
            }

            if (block.Adc != 0)
            {
                var a = sequence.AdcEvents[block.Adc];
                var t0 = start + (a.DelayPs * 1e-12);
                adc.Add((t0, t0 + (a.DurationPs * 1e-12)));
            }
        }

        tracks.Waveform("RF |B1|", "Hz", rfMagnitude, Colors.DarkRed);
        tracks.Waveform("RF phase", "rad", rfPhase, Colors.OrangeRed, fixedPeak: Math.PI);
        tracks.Waveform("Gx", "Hz/m", gradients[0], Colors.Blue);
        tracks.Waveform("Gy", "Hz/m", gradients[1], Colors.Green);
        tracks.Waveform("Gz", "Hz/m", gradients[2], Colors.Purple);
        tracks.Gates("ADC", adc, Colors.Black);
        tracks.Boundaries(boundaries);
        tracks.Finish("time (ms)");
    }

    private static void StreamTracks(PulseqSequence sequence, SequenceTracks tracks)
    {
        // At most about 20,000 frames in the window: the card's rate, or a lower one for long windows.
        var rate = Math.Min(20e6, Math.Max(1e3, Math.Floor(20_000 / (tracks.To - tracks.From))));
        var settings = new UnrollSettings { SampleRate = rate, LarmorFrequency = Math.Min(2e6, rate / 10), SegmentFrames = 4096 };
        var streamer = new SequenceStreamer(sequence, settings);
        var first = (long)Math.Floor(tracks.From * rate);
        var last = (long)Math.Ceiling(tracks.To * rate);
        var drawing = new CardStreamDrawing();
        var samples = new short[4096 * 4];
        var floats = new float[4096 * 4];
        var bits = new byte[4096];
        while (streamer.TryNext(out var plan) && plan.FirstFrame < last)
        {
            if (plan.FirstFrame + plan.Frames <= first)
            {
                continue;
            }

            if (plan.IsIdle)
            {
                drawing.Idle(Math.Max(plan.FirstFrame, first) / rate, Math.Min(plan.FirstFrame + plan.Frames, last) / rate);
                continue;
            }

            streamer.Render(plan, samples, floats, bits);
            for (long f = Math.Max(plan.FirstFrame, first); f < Math.Min(plan.FirstFrame + plan.Frames, last); f++)
            {
                drawing.Frame(f / rate, samples.AsSpan((int)(f - plan.FirstFrame) * 4, 4));
            }
        }

        drawing.Draw(tracks, last / rate, rate >= 20e6
            ? "unrolled at the card's 20 MHz"
            : string.Create(CultureInfo.InvariantCulture, $"drawn from {rate / 1e6:G4} MHz frames (the card plays 20 MHz; a window is drawn from at most 20,000)"));
    }
}
