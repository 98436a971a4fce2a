using System.Globalization;
using System.Text;
using Conduit.Plugins.Pulseq.Inspection;
using Conduit.Plugins.Pulseq.Model;
using Conduit.Plugins.Pulseq.Parsing;
using Conduit.Plugins.Pulseq.Tests.Unrolling;
using Conduit.Plugins.Pulseq.Unrolling;
using Conduit.Testing.Files;

namespace Conduit.Plugins.Pulseq.Tests.Parsing;

/// <summary>
/// Parallel-transmit RF as MATLAB Pulseq 1.4.x writes it: the magnitude and phase shapes hold channels × samples values
/// one channel after another, and the time shape restarts at every channel (0.5 … 299.5, 0.5 … 299.5, …).
/// </summary>
public sealed class ParallelTransmitTests
{
    private const int Samples = 300;

    [Fact]
    public void A_ptx_pulse_reads_as_channels_of_one_time_shape_and_the_summary_counts_them()
    {
        var sequence = Parse(PtxText(channels: 4));

        var rf = sequence.RfEvents[1];
        Assert.Equal(4, rf.Channels);
        Assert.Equal(Samples, rf.SamplesPerChannel);
        Assert.Equal(Samples, rf.TimePoints!.Length);
        Assert.Equal(300_000_000, rf.DurationPs);
        Assert.Equal(4, sequence.Summary.RfChannels);
        Assert.Equal(2, sequence.Summary.Blocks);
        Assert.Equal(2, sequence.Summary.RfEvents);
        Assert.Equal(1, sequence.Summary.AdcEvents);
        Assert.Equal(1_000_000_000 + 500_000_000, sequence.Summary.DurationPs);
    }

    [Fact]
    public async Task Inspect_reports_the_rf_channels()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("ptx.seq");
        await File.WriteAllTextAsync(path, PtxText(channels: 8), TestContext.Current.CancellationToken);

        var report = await new PulseqInspector().InspectAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(8, report.Fields.Single(f => f.Name == "rfChannels").Value);
        Assert.Equal(2, report.Fields.Single(f => f.Name == "blocks").Value);
    }

    [Fact]
    public void The_pTx_demo_of_matlab_pulseq_reads_with_its_reference_figures()
    {
        // tests/data/pulseq/SOURCES.md, ptx/: figures counted from the file's text.
        var sequence = SeqReader.Read(SharedPulseq.File("ptx/gre2d_pTxSingleChan_8Tx.seq"));

        var s = sequence.Summary;
        Assert.Equal((10248, 2048, 2048, 524288L, 8), (s.Blocks, s.RfEvents, s.AdcEvents, s.AdcSamples, s.RfChannels));
        Assert.Equal(41.16992, s.DurationSeconds, 9);
        Assert.All(sequence.RfEvents.Values.Where(r => r.TimeShapeId != 0), r => Assert.Equal((8, 300), (r.Channels, r.SamplesPerChannel)));
        var unroll = new SequenceStreamer(sequence, Settings(5));
        Assert.True(unroll.TotalFrames > 0);
    }

    [Fact]
    public void Unrolling_a_ptx_sequence_without_a_chosen_channel_is_refused_naming_the_block()
    {
        var text = PtxText(channels: 2);
        var sequence = Parse(text);

        var error = Assert.Throws<PulseqDataException>(() => new SequenceStreamer(sequence, Settings(null)));

        Assert.Contains("block 1: RF event 1 drives 2 transmit channels", error.Message, StringComparison.Ordinal);
        Assert.Contains("rfChannel (0 to 1)", error.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(text, "1 100 1 0 0 0 0 0"), error.Line);
    }

    [Fact]
    public void A_channel_the_pulse_does_not_have_is_refused()
    {
        var error = Assert.Throws<PulseqDataException>(() => new SequenceStreamer(Parse(PtxText(channels: 2)), Settings(2)));

        Assert.Contains("has transmit channels 0 to 1; rfChannel is 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void The_chosen_channel_plays_exactly_what_a_single_channel_file_of_its_samples_plays(int channel)
    {
        var ptx = Unroll.Run(Parse(PtxText(channels: 3)), Settings(channel));
        var single = Unroll.Run(Parse(PtxText(channels: 1, onlyChannel: channel)), Settings(null));

        Assert.Equal(single.Samples, ptx.Samples);
        Assert.Contains(ptx.Samples, s => s != 0);
    }

    [Fact]
    public void A_time_shape_that_falls_back_without_repeating_is_still_refused()
    {
        var ptx = PtxText(channels: 2);
        var second = ptx.LastIndexOf("\n150.5\n", StringComparison.Ordinal);
        var text = string.Concat(ptx.AsSpan(0, second), "\n10.5\n", ptx.AsSpan(second + "\n150.5\n".Length));

        var error = Assert.Throws<PulseqDataException>(() => Parse(text));

        Assert.Contains("time shape decreases at sample", error.Message, StringComparison.Ordinal);
    }

    private static UnrollSettings Settings(int? channel) =>
        new() { SampleRate = 1e6, LarmorFrequency = 1e5, SegmentFrames = 4096, RfChannel = channel, RfFullScale = 1000 };

    /// <summary>A v1.4.1 file with one pTx pulse (channel c has magnitude (c + 1) / 4 × a half sine and phase c / 8)
    /// in block 1 and an ADC with a single-channel pulse in block 2; <paramref name="onlyChannel"/> writes that channel
    /// alone as an ordinary pulse.</summary>
    private static string PtxText(int channels, int? onlyChannel = null)
    {
        var written = onlyChannel is { } c ? [c] : Enumerable.Range(0, channels).ToArray();
        var magnitude = new StringBuilder();
        var phase = new StringBuilder();
        var time = new StringBuilder();
        foreach (var ch in written)
        {
            for (var i = 0; i < Samples; i++)
            {
                magnitude.Append(Number((ch + 1) / 4.0 * Math.Sin(Math.PI * (i + 0.5) / Samples))).Append('\n');
                phase.Append(Number(ch / 8.0)).Append('\n');
                time.Append(Number(i + 0.5)).Append('\n');
            }
        }

        var n = written.Length * Samples;
        return "# Pulseq sequence file\n[VERSION]\nmajor 1\nminor 4\nrevision 1\n\n" +
            "[DEFINITIONS]\nAdcRasterTime 1e-07\nBlockDurationRaster 1e-05\nGradientRasterTime 1e-05\nRadiofrequencyRasterTime 1e-06\n\n" +
            "# NUM DUR RF GX GY GZ ADC EXT\n[BLOCKS]\n1 100 1 0 0 0 0 0\n2 50 2 0 0 0 1 0\n\n" +
            "[RF]\n1 500 1 2 3 100 0 0\n2 250 4 0 0 0 0 0\n\n" +
            "[ADC]\n1 64 1000 200 0 0\n\n" +
            $"[SHAPES]\nshape_id 1\nnum_samples {n}\n{magnitude}\nshape_id 2\nnum_samples {n}\n{phase}\nshape_id 3\nnum_samples {n}\n{time}\n" +
            "shape_id 4\nnum_samples 4\n1\n1\n1\n1\n";
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static PulseqSequence Parse(string text) => SeqReader.Parse(Encoding.ASCII.GetBytes(text), "ptx.seq");

    private static int LineOf(string text, string line) => text.Split('\n').ToList().IndexOf(line) + 1;
}
