using Conduit.Plugins.Recon.Filtering;

namespace Conduit.Plugins.Recon.Tests.Filtering;

public sealed class SinogramFilterTests
{
    [Theory]
    [InlineData(1, 64)]
    [InlineData(32, 64)]
    [InlineData(33, 128)]
    [InlineData(512, 1024)]
    [InlineData(513, 2048)]
    public void Rows_are_padded_to_a_power_of_two_of_at_least_twice_the_detectors(int detectors, int padded) =>
        Assert.Equal(padded, SinogramFilter.PaddedLengthFor(detectors));

    [Fact]
    public void Zero_padding_reads_nothing_and_edge_padding_repeats_each_end_on_its_side()
    {
        var zero = new SinogramFilter(FilterKind.RamLak, PaddingKind.Zero, 10);
        var edge = new SinogramFilter(FilterKind.RamLak, PaddingKind.Edge, 10);

        Assert.Equal(Enumerable.Range(0, 10), zero.PaddingIndex[..10].ToArray());
        Assert.All(zero.PaddingIndex[10..].ToArray(), i => Assert.Equal(-1, i));
        // 54 padded positions: the first 27 continue past bin 9, the last 27 lead into bin 0.
        Assert.All(edge.PaddingIndex[10..37].ToArray(), i => Assert.Equal(9, i));
        Assert.All(edge.PaddingIndex[37..].ToArray(), i => Assert.Equal(0, i));
    }

    [Theory]
    [InlineData(FilterKind.RamLak, 0.5, 1.0)]
    [InlineData(FilterKind.SheppLogan, 1.0, 0.6366)]
    [InlineData(FilterKind.Cosine, 1.0, 0.0)]
    [InlineData(FilterKind.Hamming, 1.0, 0.08)]
    [InlineData(FilterKind.Hann, 0.5, 0.5)]
    public void Windows_take_their_textbook_values(FilterKind kind, double x, double expected) =>
        Assert.Equal(expected, SinogramFilter.Window(kind, x), 1e-4);

    [Fact]
    public void The_ramp_passes_frequency_in_proportion_and_keeps_a_small_positive_dc_term()
    {
        var filter = new SinogramFilter(FilterKind.RamLak, PaddingKind.Zero, 128);
        var p = filter.PaddedLength;
        // Position 0 holds DC and position 1 holds Nyquist in bit-reversed order; the response includes 1/p.
        var dc = filter.Response[0] * p;
        var nyquist = filter.Response[1] * p;
        Assert.InRange(dc, 1e-6, 1e-2);
        Assert.Equal(0.5, nyquist, 1e-3);
    }

    [Fact]
    public void Two_rows_filtered_as_one_complex_transform_equal_each_filtered_alone()
    {
        var filter = new SinogramFilter(FilterKind.Hann, PaddingKind.Edge, 100);
        var random = new Random(3);
        var a = Enumerable.Range(0, 100).Select(_ => (float)random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 100).Select(_ => (float)random.NextDouble() * 10).ToArray();
        var scratch = new float[filter.ScratchFloats];
        var (pairA, pairB) = (a.ToArray(), b.ToArray());
        float[] edgesA = new float[2], edgesB = new float[2], aloneEdgesA = new float[2], aloneEdgesB = new float[2];

        filter.FilterPair(pairA, 0.5f, edgesA, pairB, 2f, edgesB, scratch);
        var (aloneA, aloneB) = (a.ToArray(), b.ToArray());
        filter.FilterPair(aloneA, 0.5f, aloneEdgesA, [], 0f, [], scratch);
        filter.FilterPair(aloneB, 2f, aloneEdgesB, [], 0f, [], scratch);

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(aloneA[i], pairA[i], 1e-4);
            Assert.Equal(aloneB[i], pairB[i], 1e-3);
        }

        Assert.Equal(aloneEdgesA[1], edgesA[1], 1e-4);
        Assert.Equal(aloneEdgesB[0], edgesB[0], 1e-3);
    }
}
