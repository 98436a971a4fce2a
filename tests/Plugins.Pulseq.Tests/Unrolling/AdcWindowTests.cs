using Conduit.Plugins.Pulseq.Parsing;
using Conduit.Plugins.Pulseq.Unrolling;

namespace Conduit.Plugins.Pulseq.Tests.Unrolling;

/// <summary>The ADC windows a receiver gets lie exactly where the unrolled stream raises its ADC gate marker.</summary>
public sealed class AdcWindowTests
{
    [Theory]
    [InlineData("pulseq_gre_v151.seq", 1)]
    [InlineData("pypulseq_write_epi_label.seq", 1)]
    [InlineData("pulseq_fid_v151.seq", 2)]
    public void The_windows_are_the_runs_of_the_adc_gate_marker_with_the_reference_counts(string name, int repetitions)
    {
        var sequence = SeqReader.Read(SharedPulseq.File(name));
        var settings = new UnrollSettings { SampleRate = 1e6, LarmorFrequency = 1e5, Repetitions = repetitions, SegmentFrames = 4096 };
        var unroll = Unroll.Run(sequence, settings);
        var windows = new SequenceStreamer(sequence, settings).AdcWindows().ToList();
        const int gate = 1; // card channel 1 carries the ADC gate in bit 15

        var reference = SharedPulseq.Reference().Single(r => r["file"] == name);
        Assert.Equal(long.Parse(reference["adc_events"], System.Globalization.CultureInfo.InvariantCulture) * repetitions, windows.Count);
        Assert.Equal(long.Parse(reference["adc_samples"], System.Globalization.CultureInfo.InvariantCulture) * repetitions, windows.Sum(w => (long)w.Samples));
        var marked = new bool[unroll.Frames];
        foreach (var w in windows)
        {
            Assert.Equal(w.Index, windows.IndexOf(w));
            for (var f = w.StartFrame; f < w.EndFrame; f++)
            {
                marked[f] = true;
            }
        }

        for (var f = 0L; f < unroll.Frames; f++)
        {
            Assert.True(marked[f] == unroll.Marker(f, gate), $"frame {f}: window {marked[f]}, marker {unroll.Marker(f, gate)}");
        }
    }

    [Fact]
    public void Labels_follow_labelset_and_labelinc_and_restart_with_each_repetition()
    {
        var sequence = SeqReader.Read(SharedPulseq.File("pypulseq_write_epi_label.seq"));
        var windows = new SequenceStreamer(sequence, new UnrollSettings { SampleRate = 1e6, LarmorFrequency = 1e5, Repetitions = 2, SegmentFrames = 4096 }).AdcWindows().ToList();

        // The file's first block sets NAV 1, then LIN 32 for the three navigator readouts; imaging readouts follow with
        // NAV 0, LIN set to 0 and stepped by LABELINC.
        Assert.Equal((1, 32), (windows[0].Labels["NAV"], windows[0].Labels["LIN"]));
        var imaging = windows.Where(w => w.Repetition == 0 && w.Labels["NAV"] == 0).Select(w => w.Labels["LIN"]).ToList();
        Assert.Equal(0, imaging[0]);
        Assert.True(imaging.Max() > 0, "LIN counts up through the imaging readouts");
        Assert.Equal(
            windows.Where(w => w.Repetition == 0).Select(w => w.Labels["LIN"]),
            windows.Where(w => w.Repetition == 1).Select(w => w.Labels["LIN"]));
    }
}
