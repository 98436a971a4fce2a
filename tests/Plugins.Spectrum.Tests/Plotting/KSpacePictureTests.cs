using Conduit.Plugins.Spectrum.Plotting;

namespace Conduit.Plugins.Spectrum.Tests.Plotting;

/// <summary>The k-space and image pictures that the raw-data and ISMRMRD plots share, on k-spaces whose image is known.</summary>
public sealed class KSpacePictureTests
{
    [Fact]
    public void A_single_sample_at_the_centre_is_a_flat_image_and_repeats_are_averaged()
    {
        var picture = new KSpacePicture(8, 8);
        // Row 4 twice, its centre sample 6 then 10: the average, 8, over the unitary transform's √64 is 1 everywhere.
        picture.Add(4, Line(8, (4, 6f)), 8, reversed: false);
        picture.Add(4, Line(8, (4, 10f)), 8, reversed: false);

        var image = picture.Values(image: true);

        Assert.All(image.Cast<double>(), v => Assert.Equal(1, v, 6));
        Assert.Equal(Math.Log10(9), picture.Values(image: false)[4, 4], 12);
    }

    [Fact]
    public void A_reversed_line_is_turned_back()
    {
        var forward = new KSpacePicture(4, 4);
        var backward = new KSpacePicture(4, 4);
        forward.Add(1, Line(4, (0, 3f)), 4, reversed: false);
        backward.Add(1, Line(4, (3, 3f)), 4, reversed: true);

        Assert.Equal(forward.Values(image: false), backward.Values(image: false));
        Assert.Equal(Math.Log10(4), forward.Values(image: false)[1, 0], 12);
    }

    // Interleaved real and imaginary samples, zero but for one real value.
    private static float[] Line(int samples, (int At, float Value) sample)
    {
        var line = new float[2 * samples];
        line[2 * sample.At] = sample.Value;
        return line;
    }
}
