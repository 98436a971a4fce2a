using Conduit.Abstractions.Messages;
using Conduit.Plugins.Pulseq.Parsing;
using Conduit.Plugins.Pulseq.Unrolling;
using Conduit.Testing.Memory;

namespace Conduit.Plugins.Pulseq.Tests.Unrolling;

/// <summary>The segmented, sparse stream against a dense unroll, repetitions, and memory that does not grow.</summary>
public sealed class StreamingTests
{
    public static TheoryData<string> SmallFiles =>
    [
        "koma_v12_epi_JEMRIS.seq", "koma_v13_spiral.seq", "koma_v15_spiral.seq", "koma_v15_gre_rad.seq", "nexus_txrx_test.seq",
        "koma_v15_rotation_radial_tiny.seq", "pulseq_seq_make_radial_v151.seq", "nexus_freq_adjust.seq", "pulseq_fid_v151.seq",
    ];

    [Theory]
    [MemberData(nameof(SmallFiles))]
    public void The_sparse_stream_equals_a_dense_unroll_sample_for_sample(string file)
    {
        var sequence = SeqReader.Read(SharedPulseq.File(file));
        var rate = sequence.Summary.DurationSeconds < 0.2 ? 20e6 : 2e6;
        var sparse = Unroll.Run(sequence, new UnrollSettings { SampleRate = rate, LarmorFrequency = rate / 8, SegmentFrames = 1000 });
        var whole = (int)Math.Max(16, new SequenceStreamer(sequence, new UnrollSettings { SampleRate = rate, LarmorFrequency = 0 }).TotalFrames);
        var dense = Unroll.Run(sequence, new UnrollSettings { SampleRate = rate, LarmorFrequency = rate / 8, SegmentFrames = whole, Dense = true });

        Assert.Equal(dense.Samples.Length, sparse.Samples.Length);
        Assert.True(dense.Samples.AsSpan().SequenceEqual(sparse.Samples), "sparse and dense unrolls differ");
        Assert.Contains(dense.Samples, s => s != 0);
        Assert.All(sparse.Plans, p => Assert.True(p.IsIdle || p.Frames <= 1000));
    }

    [Fact]
    public void Every_shared_file_streams_to_its_end()
    {
        // At 250 kHz, so that the 600 s file takes seconds; the frame grid and the block placement are the same code.
        var failures = new List<string>();
        foreach (var row in SharedPulseq.Reference())
        {
            var sequence = SeqReader.Read(SharedPulseq.File(row["file"]));
            var streamer = new SequenceStreamer(sequence, new UnrollSettings { SampleRate = 250e3, LarmorFrequency = 50e3, SegmentFrames = 16384 });
            var samples = new short[16384 * 4];
            var channels = new float[16384 * 4];
            var markers = new byte[16384];
            long frames = 0;
            try
            {
                while (streamer.TryNext(out var plan))
                {
                    Assert.Equal(frames, plan.FirstFrame);
                    frames += plan.Frames;
                    if (!plan.IsIdle)
                    {
                        streamer.Render(plan, samples, channels, markers);
                    }
                }
            }
            catch (PulseqDataException e)
            {
                failures.Add($"{row["file"]}: {e.Message}");
            }

            var expected = (long)Math.Floor((sequence.Summary.DurationPs * 250e3 / 1e12) + 0.5); // halves round up
            if (frames != expected && failures.Count == 0)
            {
                failures.Add($"{row["file"]}: {frames} frames, expected {expected}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void Rf_on_a_15_bit_channel_is_scaled_to_that_channel()
    {
        var sequence = SeqReader.Read(SharedPulseq.File("pulseq_fid_v151.seq"));
        var settings = new UnrollSettings { SampleRate = 1e6, LarmorFrequency = 1e5, ChannelMap = [CardSignal.Gx, CardSignal.Rf, CardSignal.Gy, CardSignal.Gz] };

        var unroll = Unroll.Run(sequence, settings);

        Assert.Equal(1, unroll.Streamer.ChannelOf(CardSignal.Rf));
        Assert.InRange(Enumerable.Range(0, (int)unroll.Frames).Max(f => Math.Abs(unroll.Value(f, 1))), 15000, 16383);
    }

    [Fact]
    public void A_million_repetitions_are_planned_without_walking_them()
    {
        var sequence = SeqReader.Read(SharedPulseq.File("pulseq_gre_v151.seq"));

        var streamer = new SequenceStreamer(sequence, new UnrollSettings { Repetitions = 1_000_000 });

        Assert.Equal(1_000_000 * streamer.RepetitionFrames, streamer.TotalFrames);
    }

    [Fact]
    public void Idle_runs_carry_no_samples_and_cover_whole_segments()
    {
        var sequence = SeqReader.Read(SharedPulseq.File("nexus_se_spectrum_400us_sinc_20ms-te.seq"));
        var unroll = Unroll.Run(sequence, new UnrollSettings { SegmentFrames = 4096 });
        var idle = unroll.Plans.Where(p => p.IsIdle).ToList();

        Assert.NotEmpty(idle);
        Assert.True(idle.Sum(p => p.Frames) > unroll.Frames / 2, "most of a spectroscopy sequence is idle");
        Assert.All(idle, p => Assert.True(p.FirstFrame % 4096 == 0 && (p.Frames % 4096 == 0 || p.FirstFrame + p.Frames == unroll.Frames)));
        foreach (var p in idle)
        {
            Assert.True(unroll.Samples.AsSpan((int)(p.FirstFrame * 4), (int)(p.Frames * 4)).IndexOfAnyExcept((short)0) < 0);
        }
    }

    [Fact]
    public void Averaging_three_times_gives_three_identical_repetitions()
    {
        var sequence = SeqReader.Read(SharedPulseq.File("pulseq_gre_v151.seq"));
        var once = Unroll.Run(sequence, new UnrollSettings { SampleRate = 1e6, LarmorFrequency = 1e5, SegmentFrames = 3000 });
        var thrice = Unroll.Run(sequence, new UnrollSettings { SampleRate = 1e6, LarmorFrequency = 1e5, SegmentFrames = 3000, Repetitions = 3 });

        Assert.Equal(3 * once.Samples.Length, thrice.Samples.Length);
        for (var r = 0; r < 3; r++)
        {
            Assert.True(once.Samples.AsSpan().SequenceEqual(thrice.Samples.AsSpan(r * once.Samples.Length, once.Samples.Length)), $"repetition {r} differs");
        }

        Assert.Equal([0, 1, 2], thrice.Plans.Select(p => p.Repetition).Distinct());
    }

    [Fact]
    public async Task Peak_memory_does_not_grow_with_repetitions()
    {
        var sequence = SeqReader.Read(SharedPulseq.File("pulseq_gre_v151.seq"));
        var format = new SampleStreamFormat(20e6, 4, ["rf", "gx", "gy", "gz"], ["", "a", "b", "c"]);

        async Task<(long Peak, long Frames)> StreamAsync(int repetitions)
        {
            using var pool = new LeakCheckingPool();
            var streamer = new SequenceStreamer(sequence, new UnrollSettings { Repetitions = repetitions, SegmentFrames = 65536 });
            long frames = 0;
            await foreach (var segment in SegmentPipeline.StreamAsync(streamer, format, pool, 2, TestContext.Current.CancellationToken))
            {
                frames += segment.Frames;
                segment.Dispose();
            }

            Assert.Equal(0, pool.OutstandingLeases);
            return (pool.Statistics.PeakOutstandingBytes, frames);
        }

        var one = await StreamAsync(1);
        var four = await StreamAsync(4);

        Assert.Equal(4 * one.Frames, four.Frames);
        Assert.InRange(four.Peak, 1, SegmentPipeline.PeakBytes(65536, 2));
        Assert.InRange(one.Peak, 1, SegmentPipeline.PeakBytes(65536, 2));
    }

    [Fact]
    public void A_block_flagged_once_plays_only_in_the_first_repetition()
    {
        var text = SeqText.Minimal(extraBlocks: "2 100 0 0 0 0 0 1\n", extensions: "[EXTENSIONS]\n1 1 1 0\nextension LABELSET 1\n1 1 ONCE\n\n");
        var sequence = SeqReader.Parse(System.Text.Encoding.ASCII.GetBytes(text), "once.seq");
        var streamer = new SequenceStreamer(sequence, new UnrollSettings { Repetitions = 3, SampleRate = 1e6, LarmorFrequency = 0 });

        // Block 1 (100 × 10 µs) plays three times, block 2 (flagged ONCE=1, 1 ms) only once.
        Assert.Equal((3 * 1000) + 1000, streamer.TotalFrames);
    }
}
