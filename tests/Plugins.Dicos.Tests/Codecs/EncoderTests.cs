using Conduit.Plugins.Dicos.Codecs;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Testing.Files;
using Conduit.Testing.Processes;

namespace Conduit.Plugins.Dicos.Tests.Codecs;

/// <summary>Our JPEG Lossless and RLE encoders, decoded by our decoders and by DCMTK and pydicom.</summary>
public sealed class EncoderTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Theory]
    [InlineData(8, 1, 37, 23, 1)]
    [InlineData(12, 2, 64, 48, 2)]
    [InlineData(16, 2, 33, 17, 3)]
    public void Random_and_smooth_images_survive_both_encoders(int bits, int bytesPerSample, int width, int height, int seed)
    {
        var random = new Random(seed);
        var samples = new byte[width * height * bytesPerSample];
        for (var i = 0; i < width * height; i++)
        {
            // Half smooth gradient, half noise, so that small and large differences both occur.
            var value = i % 2 == 0 ? (i * 7) % (1 << bits) : random.Next(1 << bits);
            if (bytesPerSample == 1)
            {
                samples[i] = (byte)value;
            }
            else
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(samples.AsSpan(i * 2), (ushort)value);
            }
        }

        var decoded = new byte[samples.Length];
        JpegLosslessDecoder.Decode(JpegLosslessEncoder.Encode(samples, width, height, bits, bytesPerSample), decoded, bytesPerSample);
        Assert.Equal(samples, decoded);

        Array.Clear(decoded);
        RleDecoder.Decode(RleEncoder.Encode(samples, width * height, 1, bytesPerSample), decoded, width * height, 1, bytesPerSample);
        Assert.Equal(samples, decoded);
    }

    [Theory]
    [InlineData("SimpleCT0000", "rle")]
    [InlineData("SimpleProcessingDX", "rle")]
    [InlineData("SimpleCT0000", "jpeg")]
    [InlineData("SimpleProcessingDX", "jpeg")]
    public async Task Dcmtk_decodes_what_we_encode_to_the_original_pixels(string name, string codec)
    {
        var source = DicomFile.Open(Path.Combine(DicosTools.Shared, name + ".dcs"));
        var syntax = codec == "rle" ? DicomTransferSyntax.RleLossless : DicomTransferSyntax.JpegLosslessSv1;
        var compressed = _directory.File($"{name}.{codec}.dcm");
        using (var stream = File.Create(compressed))
        {
            DicomWriter.Write(stream, PixelDataEncoder.Encode(source, syntax), syntax, source.Meta);
        }

        var native = _directory.File($"{name}.{codec}.native.dcm");
        await DicosTools.RunAsync(codec == "rle" ? "dcmdrle" : "dcmdjpeg", compressed, native);

        AssertSamePixels(source, DicomFile.Open(native));
        AssertSamePixels(source, DicomFile.Open(compressed));
    }

    [Fact]
    public async Task Pydicom_decodes_our_rle_to_the_original_pixels()
    {
        PythonScript.Require("numpy", "pydicom");
        var source = DicomFile.Open(Path.Combine(DicosTools.Shared, "SimpleProcessingDX.dcs"));
        var path = _directory.File("dx.rle.dcm");
        using (var stream = File.Create(path))
        {
            DicomWriter.Write(stream, PixelDataEncoder.Encode(source, DicomTransferSyntax.RleLossless), DicomTransferSyntax.RleLossless, source.Meta);
        }

        var sum = await PythonScript.RunAsync("import sys, numpy as np, pydicom\nprint(int(pydicom.dcmread(sys.argv[1]).pixel_array.astype(np.int64).sum()))", path);
        Assert.Equal(new DicomImage(source).StoredSum(0).ToString(System.Globalization.CultureInfo.InvariantCulture), sum.Trim());
    }

    public void Dispose() => _directory.Dispose();

    private static void AssertSamePixels(DicomFile expectedFile, DicomFile actualFile)
    {
        var expected = new DicomImage(expectedFile);
        var actual = new DicomImage(actualFile);
        Assert.Equal((expected.Frames, expected.FrameBytes), (actual.Frames, actual.FrameBytes));
        var (a, b) = (new byte[expected.FrameBytes], new byte[actual.FrameBytes]);
        for (var f = 0; f < expected.Frames; f++)
        {
            expected.ReadFrame(f, a);
            actual.ReadFrame(f, b);
            Assert.True(a.AsSpan().SequenceEqual(b), $"frame {f} differs");
        }
    }
}
