using Conduit.Plugins.Recon.Filtering;

namespace Conduit.Plugins.Recon.Tests.Filtering;

public sealed class FftTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(64)]
    [InlineData(1024)]
    public void Forward_equals_the_direct_dft_in_bit_reversed_order_and_inverse_undoes_it(int length)
    {
        var random = new Random(length);
        var re = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var im = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var fft = new Fft(length);
        var (outRe, outIm) = (re.ToArray(), im.ToArray());

        fft.ForwardToBitReversed(outRe, outIm);

        var bits = (int)Math.Log2(length);
        for (var k = 0; k < length; k++)
        {
            double sumRe = 0, sumIm = 0;
            for (var n = 0; n < length; n++)
            {
                var angle = -2 * Math.PI * k * n / length;
                sumRe += (re[n] * Math.Cos(angle)) - (im[n] * Math.Sin(angle));
                sumIm += (re[n] * Math.Sin(angle)) + (im[n] * Math.Cos(angle));
            }

            var position = Reverse(k, bits);
            Assert.Equal(sumRe, outRe[position], 1e-3 * Math.Sqrt(length));
            Assert.Equal(sumIm, outIm[position], 1e-3 * Math.Sqrt(length));
        }

        fft.InverseFromBitReversed(outRe, outIm);
        for (var n = 0; n < length; n++)
        {
            Assert.Equal(re[n], outRe[n] / length, 1e-5);
            Assert.Equal(im[n], outIm[n] / length, 1e-5);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(12)]
    public void Lengths_that_are_not_powers_of_two_are_refused(int length) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Fft(length));

    private static int Reverse(int value, int bits)
    {
        var result = 0;
        for (var i = 0; i < bits; i++)
        {
            result = (result << 1) | ((value >> i) & 1);
        }

        return result;
    }
}
