using Conduit.Plugins.Pulseq.Model;

namespace Conduit.Plugins.Pulseq.Parsing;

/// <summary>Reads the event sections, whose columns depend on the format version, and resolves their shapes.</summary>
internal sealed class SeqEventParser(PulseqVersion version, SequenceRasters rasters, IReadOnlyDictionary<int, Shape> shapes)
{
    private const double PsPerMicrosecond = 1e6;
    private const double PsPerNanosecond = 1e3;

    public Dictionary<int, RfEvent> Rf(List<SeqRow> rows)
    {
        var events = new Dictionary<int, RfEvent>();
        foreach (var row in rows)
        {
            RfEvent rf;
            if (version.AtLeast15)
            {
                // id amp mag phase time center delay freq_ppm phase_ppm freq phase use
                row.RequireCount("[RF] (v1.5)", 12);
                rf = new RfEvent(row.Id(0, "RF id"), row.Double(1, "amplitude"), row.Id(2, "magnitude shape id"), row.Id(3, "phase shape id", true),
                    row.Id(4, "time shape id", true), row.Picoseconds(5, "center", PsPerMicrosecond), row.Picoseconds(6, "delay", PsPerMicrosecond),
                    row.Double(7, "freq_ppm"), row.Double(8, "phase_ppm"), row.Double(9, "frequency offset"), row.Double(10, "phase offset"),
                    UseOf(row, 11), []);
            }
            else if (version.AtLeast14)
            {
                // id amp mag phase time delay freq phase [shim_mag shim_phase: a PyPulseq development writer]
                row.RequireCount("[RF] (v1.4)", 8, 10);
                rf = new RfEvent(row.Id(0, "RF id"), row.Double(1, "amplitude"), row.Id(2, "magnitude shape id"), row.Id(3, "phase shape id", true),
                    row.Id(4, "time shape id", true), null, row.Picoseconds(5, "delay", PsPerMicrosecond), 0, 0, row.Double(6, "frequency offset"),
                    row.Double(7, "phase offset"), 'u', row.Fields[8..]);
            }
            else
            {
                // id amp mag phase delay freq phase
                row.RequireCount("[RF] (v1.2/1.3)", 7);
                rf = new RfEvent(row.Id(0, "RF id"), row.Double(1, "amplitude"), row.Id(2, "magnitude shape id"), row.Id(3, "phase shape id", true),
                    0, null, row.Picoseconds(4, "delay", PsPerMicrosecond), 0, 0, row.Double(5, "frequency offset"), row.Double(6, "phase offset"), 'u', []);
            }

            var magnitude = ShapeOf(row, rf.MagnitudeShapeId, "magnitude");
            var phase = rf.PhaseShapeId == 0 ? ZerosOf(magnitude.Length) : ShapeOf(row, rf.PhaseShapeId, "phase");
            var times = rf.TimeShapeId == 0 ? null : ShapeOf(row, rf.TimeShapeId, "time");
            RequireSameLength(row, magnitude, phase, "phase");
            var channels = 1;
            if (times is not null)
            {
                RequireSameLength(row, magnitude, times, "time");
                (times, channels) = SplitChannels(times);
                RequireIncreasing(row, times);
            }

            Add(events, rf.Id, rf with { Magnitude = magnitude, Phase = phase, TimePoints = times, Channels = channels, RasterPs = rasters.RadiofrequencyPs }, row, "RF");
        }

        return events;
    }

    public Dictionary<int, GradientEvent> Gradients(List<SeqRow> arbitrary, List<SeqRow> traps)
    {
        var events = new Dictionary<int, GradientEvent>();
        foreach (var row in arbitrary)
        {
            int id, shapeId, timeId;
            double amplitude, first = double.NaN, last = double.NaN;
            long delay;
            if (version.AtLeast15)
            {
                // id amp first last shape time delay
                row.RequireCount("[GRADIENTS] (v1.5)", 7);
                (id, amplitude, first, last) = (row.Id(0, "gradient id"), row.Double(1, "amplitude"), row.Double(2, "first"), row.Double(3, "last"));
                (shapeId, timeId, delay) = (row.Id(4, "shape id"), (int)row.Long(5, "time shape id", -1, int.MaxValue), row.Picoseconds(6, "delay", PsPerMicrosecond));
            }
            else if (version.AtLeast14)
            {
                // id amp shape time delay
                row.RequireCount("[GRADIENTS] (v1.4)", 5);
                (id, amplitude, shapeId) = (row.Id(0, "gradient id"), row.Double(1, "amplitude"), row.Id(2, "shape id"));
                (timeId, delay) = ((int)row.Long(3, "time shape id", -1, int.MaxValue), row.Picoseconds(4, "delay", PsPerMicrosecond));
            }
            else
            {
                // id amp shape delay
                row.RequireCount("[GRADIENTS] (v1.2/1.3)", 4);
                (id, amplitude, shapeId, timeId) = (row.Id(0, "gradient id"), row.Double(1, "amplitude"), row.Id(2, "shape id"), 0);
                delay = row.Picoseconds(3, "delay", PsPerMicrosecond);
            }

            var waveform = ShapeOf(row, shapeId, "waveform");
            double[]? times = null;
            if (timeId > 0)
            {
                times = ShapeOf(row, timeId, "time");
                RequireSameLength(row, waveform, times, "time");
                RequireIncreasing(row, times);
            }
            else if (timeId == -1 && waveform.Length % 2 == 0)
            {
                throw row.Error($"oversampled gradient (time id -1) has {waveform.Length} samples, expected an odd count");
            }

            if (waveform.Length == 0)
            {
                throw row.Error($"gradient {id} has an empty shape {shapeId}");
            }

            Add(events, id, new ArbitraryGradient(id, amplitude, first, last, shapeId, timeId, delay, waveform, times, rasters.GradientPs), row, "gradient");
        }

        foreach (var row in traps)
        {
            row.RequireCount("[TRAP]", 6);
            var id = row.Id(0, "gradient id");
            Add(events, id, new TrapezoidGradient(id, row.Double(1, "amplitude"), row.Picoseconds(2, "rise", PsPerMicrosecond),
                row.Picoseconds(3, "flat", PsPerMicrosecond), row.Picoseconds(4, "fall", PsPerMicrosecond), row.Picoseconds(5, "delay", PsPerMicrosecond)), row, "gradient");
        }

        return events;
    }

    public Dictionary<int, AdcEvent> Adc(List<SeqRow> rows)
    {
        var events = new Dictionary<int, AdcEvent>();
        foreach (var row in rows)
        {
            AdcEvent adc;
            if (version.AtLeast15)
            {
                // id num dwell delay freq_ppm phase_ppm freq phase phase_shape
                row.RequireCount("[ADC] (v1.5)", 9);
                adc = new AdcEvent(row.Id(0, "ADC id"), row.Long(1, "num", 0, 1L << 40), row.Picoseconds(2, "dwell", PsPerNanosecond), row.Picoseconds(3, "delay", PsPerMicrosecond),
                    row.Double(4, "freq_ppm"), row.Double(5, "phase_ppm"), row.Double(6, "frequency offset"), row.Double(7, "phase offset"), row.Id(8, "phase shape id", true));
                if (adc.PhaseShapeId != 0)
                {
                    var phase = ShapeOf(row, adc.PhaseShapeId, "phase modulation");
                    if (phase.Length != adc.Samples)
                    {
                        throw row.Error($"phase modulation shape {adc.PhaseShapeId} has {phase.Length} samples, the ADC has {adc.Samples}");
                    }
                }
            }
            else
            {
                // id num dwell delay freq phase
                row.RequireCount("[ADC]", 6);
                adc = new AdcEvent(row.Id(0, "ADC id"), row.Long(1, "num", 0, 1L << 40), row.Picoseconds(2, "dwell", PsPerNanosecond), row.Picoseconds(3, "delay", PsPerMicrosecond),
                    0, 0, row.Double(4, "frequency offset"), row.Double(5, "phase offset"), 0);
            }

            if (adc.DwellPs <= 0)
            {
                throw row.Error($"ADC {adc.Id} has dwell {row.Fields[2]} ns, expected a positive time");
            }

            if (adc.Samples > 0 && adc.DurationPs / adc.Samples != adc.DwellPs)
            {
                throw row.Error($"ADC {adc.Id}: {adc.Samples} samples × {row.Fields[2]} ns overflows");
            }

            Add(events, adc.Id, adc, row, "ADC");
        }

        return events;
    }

    public static Dictionary<int, long> Delays(List<SeqRow> rows)
    {
        var delays = new Dictionary<int, long>();
        foreach (var row in rows)
        {
            row.RequireCount("[DELAYS]", 2);
            Add(delays, row.Id(0, "delay id"), row.Picoseconds(1, "delay", PsPerMicrosecond), row, "delay");
        }

        return delays;
    }

    private readonly Dictionary<int, double[]> _zeros = [];

    private double[] ShapeOf(SeqRow row, int id, string what)
    {
        if (!shapes.TryGetValue(id, out var shape))
        {
            throw row.Error($"{what} shape {id} is not in [SHAPES]");
        }

        return shape.Values.Length > 0 ? shape.Values : throw row.Error($"{what} shape {id} is empty (num_samples 0)");
    }

    /// <summary>One shared zero phase per length, so RF events without a phase shape cost nothing each.</summary>
    private double[] ZerosOf(int length)
    {
        if (!_zeros.TryGetValue(length, out var zeros))
        {
            _zeros[length] = zeros = new double[length];
        }

        return zeros;
    }

    private static void RequireSameLength(SeqRow row, double[] reference, double[] other, string what)
    {
        if (other.Length != reference.Length)
        {
            throw row.Error($"{what} shape has {other.Length} samples, the waveform has {reference.Length}");
        }
    }

    /// <summary>
    /// A parallel-transmit pulse (MATLAB Pulseq 1.4.x) stores its channels back to back, and its time shape restarts
    /// at every channel: 0.5 … 299.5, 0.5 … 299.5, …. When the times fall back at sample k, the shape is taken as
    /// channels of k samples only if it is the same k times repeated exactly; otherwise it is left whole, so that a
    /// time shape that merely decreases is still refused as such.
    /// </summary>
    private static (double[] Times, int Channels) SplitChannels(double[] times)
    {
        var k = 1;
        while (k < times.Length && times[k] >= times[k - 1])
        {
            k++;
        }

        if (k == times.Length || times.Length % k != 0)
        {
            return (times, 1);
        }

        for (var i = k; i < times.Length; i++)
        {
            if (times[i] != times[i % k])
            {
                return (times, 1);
            }
        }

        return (times[..k], times.Length / k);
    }

    private static void RequireIncreasing(SeqRow row, double[] times)
    {
        for (var i = 1; i < times.Length; i++)
        {
            if (!(times[i] >= times[i - 1]))
            {
                throw row.Error($"time shape decreases at sample {i} ({times[i - 1]} then {times[i]})");
            }
        }

        if (times[0] < 0)
        {
            throw row.Error($"time shape starts at {times[0]}, expected 0 or later");
        }
    }

    private static char UseOf(SeqRow row, int index)
    {
        var text = row.Fields[index];
        return text.Length == 1 && char.IsAsciiLetter(text[0]) ? char.ToLowerInvariant(text[0]) : throw row.Error($"RF use is \"{text}\", expected one letter (e, r, i, s, p, o, u)");
    }

    private static void Add<T>(Dictionary<int, T> events, int id, T value, SeqRow row, string what)
    {
        if (!events.TryAdd(id, value))
        {
            throw row.Error($"{what} id {id} is defined twice");
        }
    }
}
