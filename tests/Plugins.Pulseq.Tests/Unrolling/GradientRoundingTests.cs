using Conduit.Plugins.Pulseq.Parsing;
using Conduit.Plugins.Pulseq.Unrolling;

namespace Conduit.Plugins.Pulseq.Tests.Unrolling;

/// <summary>Gradient samples rounded to whole codes through a low-discrepancy dither, so that areas (k-space) stay exact
/// however the stream is cut into segments.</summary>
public sealed class GradientRoundingTests
{
    [Theory]
    [InlineData(8192)]
    [InlineData(64)]
    public void A_plateau_between_two_codes_plays_its_exact_mean(int segmentFrames)
    {
        // The minimal sequence's 10 kHz/m trapezoid (500 µs flat) with 10 kHz/m at 100.4 codes: rounded one by one, every
        // sample of the plateau would be 100 and its area 0.4 % short.
        var sequence = SeqReader.Parse(System.Text.Encoding.ASCII.GetBytes(SeqText.Minimal()), "minimal.seq");
        var fullScale = 10000 * 16383 / 100.4;
        var unroll = Unroll.Run(sequence, new UnrollSettings { SampleRate = 1e6, LarmorFrequency = 0, SegmentFrames = segmentFrames, GradientFullScale = [fullScale, fullScale, fullScale] });
        var channel = unroll.Streamer.ChannelOf(CardSignal.Gx);

        var plateau = Enumerable.Range(0, (int)unroll.Frames).Select(f => unroll.Value(f, channel)).Where(v => v is 100 or 101).ToList();

        // Within 3 code-frames of the exact area over ~500 frames; rounding one by one would be 200 short.
        Assert.InRange(plateau.Count, 480, 520);
        Assert.InRange(plateau.Sum() - (100.4 * plateau.Count), -3, 3);
    }
}
