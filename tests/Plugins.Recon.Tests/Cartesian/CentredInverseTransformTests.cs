using Conduit.Plugins.Recon.Cartesian;

namespace Conduit.Plugins.Recon.Tests.Cartesian;

/// <summary>The centred, unitary inverse DFT of one axis, on both its paths, against the sum written out.</summary>
public sealed class CentredInverseTransformTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(64)]
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(15)]
    public void Every_length_gives_the_centred_sum(int n)
    {
        var random = new Random(n);
        var re = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var im = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var (expectedRe, expectedIm) = CentredSum(re, im);

        new CentredInverseTransform(n).Transform(re, im, new float[n], new float[n]);

        for (var j = 0; j < n; j++)
        {
            Assert.Equal(expectedRe[j], re[j], 1e-5);
            Assert.Equal(expectedIm[j], im[j], 1e-5);
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(10)]
    public void The_centre_of_k_space_alone_is_a_flat_image_and_a_flat_k_space_a_spike_at_the_centre(int n)
    {
        var transform = new CentredInverseTransform(n);
        var (re, im) = (new float[n], new float[n]);
        re[n / 2] = 1;
        transform.Transform(re, im, new float[n], new float[n]);
        Assert.All(re, v => Assert.Equal(1 / Math.Sqrt(n), v, 1e-6));
        Assert.All(im, v => Assert.Equal(0, v, 1e-6));

        Array.Fill(re, 1f);
        Array.Clear(im);
        transform.Transform(re, im, new float[n], new float[n]);
        Assert.Equal(Math.Sqrt(n), re[n / 2], 1e-4);
        Assert.Equal(0, re.Where((_, j) => j != n / 2).Max(Math.Abs), 1e-4);
    }

    // x(j − n/2) = n^(−1/2) Σ_i X(i − n/2) e^(2πi (i − n/2)(j − n/2) / n), in double precision.
    private static (double[] Re, double[] Im) CentredSum(float[] re, float[] im)
    {
        var n = re.Length;
        var c = n / 2;
        var (outRe, outIm) = (new double[n], new double[n]);
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                var angle = 2 * Math.PI * (i - c) * (j - c) / n;
                outRe[j] += (re[i] * Math.Cos(angle)) - (im[i] * Math.Sin(angle));
                outIm[j] += (re[i] * Math.Sin(angle)) + (im[i] * Math.Cos(angle));
            }

            outRe[j] /= Math.Sqrt(n);
            outIm[j] /= Math.Sqrt(n);
        }

        return (outRe, outIm);
    }
}
