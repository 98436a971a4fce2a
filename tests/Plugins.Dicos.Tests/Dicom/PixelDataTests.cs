using Conduit.Plugins.Dicos.Dicom;
using Conduit.Testing.Files;
using Conduit.Testing.Processes;

namespace Conduit.Plugins.Dicos.Tests.Dicom;

/// <summary>Decoded pixels against DCMTK's decompression and compression, and against pydicom.</summary>
public sealed class PixelDataTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Theory]
    [InlineData("SimplePresentationDX")]
    [InlineData("SimpleColorPaletteDX")]
    public async Task Jpeg_lossless_frames_equal_dcmdjpegs_output_bit_for_bit(string name)
    {
        var source = Path.Combine(DicosTools.Shared, name + ".dcs");
        var native = _directory.File(name + ".dcm");
        await DicosTools.RunAsync("dcmdjpeg", source, native);

        AssertSamePixels(DicomFile.Open(native), DicomFile.Open(source));
    }

    [Fact]
    public async Task Rle_frames_written_by_dcmcrle_decode_to_the_original_pixels()
    {
        var source = Path.Combine(DicosTools.Shared, "SimpleProcessingDX.dcs");
        var rle = _directory.File("dx.rle.dcm");
        await DicosTools.RunAsync("dcmcrle", source, rle);

        var compressed = DicomFile.Open(rle);
        Assert.Equal(DicomTransferSyntax.RleLossless, compressed.TransferSyntax);
        AssertSamePixels(DicomFile.Open(source), compressed);
    }

    [Fact]
    public async Task A_multi_frame_rle_copy_written_by_pydicom_decodes_to_the_original_frames()
    {
        // DCMTK's dcmcrle compresses only the first of this CT's 40 frames (its RLE copy says 40 frames and holds one,
        // which our reader refuses), so the multi-frame case uses pydicom's own RLE encoder.
        PythonScript.Require("numpy", "pydicom");
        var source = Path.Combine(DicosTools.Shared, "SimpleCT0000.dcs");
        var rle = _directory.File("ct.rle.dcm");
        await PythonScript.RunAsync(
            """
            import sys, pydicom
            from pydicom.uid import RLELossless
            ds = pydicom.dcmread(sys.argv[1])
            ds.compress(RLELossless)
            ds.save_as(sys.argv[2])
            """,
            source, rle);

        var compressed = DicomFile.Open(rle);
        Assert.Equal(DicomTransferSyntax.RleLossless, compressed.TransferSyntax);
        AssertSamePixels(DicomFile.Open(source), compressed);
    }

    [Fact]
    public async Task An_implicit_vr_copy_made_by_dcmconv_reads_the_same_elements_and_pixels()
    {
        var source = Path.Combine(DicosTools.Shared, "SimpleCT0000.dcs");
        var implicitCopy = _directory.File("implicit.dcm");
        await DicosTools.RunAsync("dcmconv", "+ti", source, implicitCopy);

        var original = DicomFile.Open(source);
        var copy = DicomFile.Open(implicitCopy);

        Assert.Equal(DicomTransferSyntax.ImplicitLittle, copy.TransferSyntax);
        Assert.Equal(original.DataSet.Elements.Select(e => e.Tag), copy.DataSet.Elements.Select(e => e.Tag));
        Assert.Equal(original.DataSet.GetItems(DicomTag.Parse("5200,9229")).Count, copy.DataSet.GetItems(DicomTag.Parse("5200,9229")).Count);
        AssertSamePixels(original, copy);
    }

    [Theory]
    [InlineData("SimpleCT0000")]
    [InlineData("SimpleProcessingDX")]
    public async Task The_pixel_module_and_frame_sums_agree_with_pydicom(string name)
    {
        PythonScript.Require("numpy", "pydicom");
        var path = Path.Combine(DicosTools.Shared, name + ".dcs");
        var expected = (await PythonScript.RunAsync(
            """
            import sys, numpy as np, pydicom
            ds = pydicom.dcmread(sys.argv[1])
            a = ds.pixel_array
            frames = int(getattr(ds, "NumberOfFrames", 1))
            first = a[0] if frames > 1 else a
            print(ds.Rows, ds.Columns, frames, ds.BitsAllocated, int(first.astype(np.int64).sum()), int(a.astype(np.int64).sum()))
            """,
            path)).Split(' ').Select(long.Parse).ToArray();

        var image = new DicomImage(DicomFile.Open(path));
        var all = Enumerable.Range(0, image.Frames).Sum(image.StoredSum);

        long[] actual = [image.Rows, image.Columns, image.Frames, image.BitsAllocated, image.StoredSum(0), all];
        Assert.Equal(expected, actual);
    }

    public void Dispose() => _directory.Dispose();

    private static void AssertSamePixels(DicomFile expectedFile, DicomFile actualFile)
    {
        var expected = new DicomImage(expectedFile);
        var actual = new DicomImage(actualFile);
        Assert.Equal((expected.Rows, expected.Columns, expected.Frames, expected.FrameBytes), (actual.Rows, actual.Columns, actual.Frames, actual.FrameBytes));
        var a = new byte[expected.FrameBytes];
        var b = new byte[actual.FrameBytes];
        for (var f = 0; f < expected.Frames; f++)
        {
            expected.ReadFrame(f, a);
            actual.ReadFrame(f, b);
            Assert.True(a.AsSpan().SequenceEqual(b), $"frame {f} differs");
        }
    }
}
