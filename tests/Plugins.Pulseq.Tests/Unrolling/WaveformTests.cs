using Conduit.Plugins.Pulseq.Model;
using Conduit.Plugins.Pulseq.Parsing;
using Conduit.Plugins.Pulseq.Unrolling;

namespace Conduit.Plugins.Pulseq.Tests.Unrolling;

/// <summary>The unrolled samples against the events they come from, on real files: at the card's 20 MHz for files
/// under 0.7 s, at 1 MHz for the longer ones (so that a whole unroll fits in a test's memory).</summary>
public sealed class WaveformTests
{
    private static double RateFor(PulseqSequence sequence) => sequence.Summary.DurationSeconds < 0.7 ? 20e6 : 1e6;

    public static TheoryData<string> SmallFiles =>
    [
        "pulseq_gre_v151.seq", "pulseq_gre_v121.seq", "pulseq_epi_rs_v151.seq", "koma_v14_spiral.seq", "koma_v15_spiral.seq",
        "nexus_tse_low-field.seq", "pypulseq_write_haste.seq", "pypulseq_simple_mprage140.seq", "koma_v15_epi.seq",
        "pulseqrs_v131post1_ute.seq", "koma_v14_gr-time-shaped.seq", "pypulseq_write_tse.seq",
    ];

    [Theory]
    [MemberData(nameof(SmallFiles))]
    public void Each_gradient_event_keeps_its_area_within_half_a_percent(string file)
    {
        var sequence = SeqReader.Read(SharedPulseq.File(file));
        var rate = RateFor(sequence);
        var unroll = Unroll.Run(sequence, new UnrollSettings { SegmentFrames = 8192, SampleRate = rate, LarmorFrequency = rate / 10 });
        var failures = new List<string>();
        var checkedEvents = 0;
        foreach (var (block, start) in BlockStarts(sequence))
        {
            for (var axis = 0; axis < 3; axis++)
            {
                if (block.Gradient(axis) is var id and not 0 && sequence.Gradients[id] is var g && Math.Abs(g.Area) > 1e-6 * g.Amplitude * 1e-3)
                {
                    var (from, to) = Span(start, g.DelayPs, g.DurationPs, block, rate);
                    var channel = unroll.Streamer.ChannelOf((CardSignal)(axis + 1));
                    double sum = 0;
                    for (var f = from; f < to; f++)
                    {
                        sum += unroll.Value(f, channel);
                    }

                    var area = sum / rate * unroll.Streamer.GradientFullScale[axis] / 16383;
                    var tolerance = (0.005 * Math.Abs(g.Area)) + (unroll.Streamer.GradientFullScale[axis] / 16383 * (to - from) / rate);
                    checkedEvents++;
                    if (Math.Abs(area - g.Area) > tolerance)
                    {
                        failures.Add($"block {block.Id} axis {axis}: unrolled area {area:G6}, event area {g.Area:G6}");
                    }
                }
            }
        }

        Assert.True(checkedEvents > 0);
        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedEvents}: " + string.Join('\n', failures.Take(10)));
    }

    [Theory]
    [MemberData(nameof(SmallFiles))]
    public void Each_adc_gate_lasts_num_times_dwell_within_one_sample(string file)
    {
        var sequence = SeqReader.Read(SharedPulseq.File(file));
        var rate = RateFor(sequence);
        var unroll = Unroll.Run(sequence, new UnrollSettings { SegmentFrames = 8192, SampleRate = rate, LarmorFrequency = rate / 10 });
        var gates = Gates(unroll, 1);
        var expected = sequence.Blocks.Where(b => b.Adc != 0).Select(b => sequence.AdcEvents[b.Adc].DurationPs * 1e-12 * rate).ToList();

        Assert.Equal(expected.Count, gates.Count);
        for (var i = 0; i < gates.Count; i++)
        {
            Assert.InRange(gates[i].Length, expected[i] - 1, expected[i] + 1);
        }
    }

    [Theory]
    [InlineData("pulseq_gre_v151.seq")]
    [InlineData("pulseq_fid_v151.seq")]
    [InlineData("nexus_se_spec_avg-10.seq")]
    [InlineData("pypulseq_write_tse.seq")]
    public void Rf_envelope_peak_equals_the_event_amplitude(string file)
    {
        // At a carrier of rate / 4 two neighbouring samples are a quarter period apart, so √(s[n]² + s[n+1]²) is the
        // envelope (the pulse's own frequency offset turns the carrier by well under a degree per sample).
        var sequence = SeqReader.Read(SharedPulseq.File(file));
        var rate = RateFor(sequence);
        var unroll = Unroll.Run(sequence, new UnrollSettings { SegmentFrames = 8192, SampleRate = rate, LarmorFrequency = rate / 4 });
        var gates = Gates(unroll, 2);
        var rfBlocks = sequence.Blocks.Where(b => b.Rf != 0).ToList();
        Assert.Equal(rfBlocks.Count, gates.Count);
        var fullScale = unroll.Streamer.RfFullScale;
        for (var i = 0; i < gates.Count; i++)
        {
            var rf = sequence.RfEvents[rfBlocks[i].Rf];
            double peak = 0;
            for (var f = gates[i].Start; f + 1 < gates[i].Start + gates[i].Length; f++)
            {
                double a = unroll.Value(f, 0), b = unroll.Value(f + 1, 0);
                peak = Math.Max(peak, Math.Sqrt((a * a) + (b * b)));
            }

            var expected = Math.Abs(rf.Amplitude) * rf.Magnitude.Max(Math.Abs);
            Assert.InRange(peak * fullScale / 32767, expected * 0.99, expected * 1.01);
        }
    }

    [Fact]
    public void Markers_flag_rf_unblank_over_each_pulse_and_phase_reference_at_the_start()
    {
        var sequence = SeqReader.Read(SharedPulseq.File("pulseq_fid_v151.seq"));
        var unroll = Unroll.Run(sequence, new UnrollSettings { SegmentFrames = 4096, PhaseReferenceFrames = 20 });

        Assert.Equal(16, Gates(unroll, 2).Count);
        var phase = Gates(unroll, 3);
        Assert.Equal((0L, 20L), Assert.Single(phase));
    }

    [Fact]
    public void A_gradient_beyond_the_configured_full_scale_is_an_error_not_a_clipped_sample()
    {
        var sequence = SeqReader.Read(SharedPulseq.File("pulseq_gre_v151.seq"));
        var settings = new UnrollSettings { GradientFullScale = [1000, 1000, 1000] };

        var error = Assert.Throws<PulseqDataException>(() => Unroll.Run(sequence, settings));

        Assert.Contains("beyond the full scale 1000 Hz/m", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<(SeqBlock Block, long StartPs)> BlockStarts(PulseqSequence sequence)
    {
        long t = 0;
        foreach (var block in sequence.Blocks)
        {
            yield return (block, t);
            t += block.DurationPs;
        }
    }

    private static (long From, long To) Span(long blockStartPs, long delayPs, long durationPs, SeqBlock block, double rate)
    {
        long Frames(long ps) => (long)Math.Floor((ps * rate / 1e12) + 0.5);
        var from = Frames(blockStartPs + delayPs);
        return (from, Math.Min(from + Frames(durationPs), Frames(blockStartPs + block.DurationPs)));
    }

    /// <summary>Runs of frames whose marker bit on <paramref name="channel"/> is set.</summary>
    private static List<(long Start, long Length)> Gates(Unroll unroll, int channel)
    {
        var gates = new List<(long, long)>();
        long start = -1;
        for (long f = 0; f <= unroll.Frames; f++)
        {
            var on = f < unroll.Frames && unroll.Marker(f, channel);
            if (on && start < 0)
            {
                start = f;
            }
            else if (!on && start >= 0)
            {
                gates.Add((start, f - start));
                start = -1;
            }
        }

        return gates;
    }
}
