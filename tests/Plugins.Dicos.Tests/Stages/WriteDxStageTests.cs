using System.Runtime.InteropServices;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Objects;
using Conduit.Plugins.Dicos.Stages;
using Conduit.Plugins.Dicos.Writing;
using Conduit.Testing.Processes;
using Conduit.Testing.Stages;

namespace Conduit.Plugins.Dicos.Tests.Stages;

public sealed class WriteDxStageTests
{
    private const int Width = 96;
    private const int Height = 64;

    [Theory]
    [InlineData(true, DicosEncoding.Native)]
    [InlineData(false, DicosEncoding.Native)]
    [InlineData(true, DicosEncoding.JpegLossless)]
    [InlineData(false, DicosEncoding.RleLossless)]
    public async Task A_dx_reads_back_bit_exact_here_in_dcmtk_and_pydicom_and_passes_dciodvfy(bool forPresentation, DicosEncoding encoding)
    {
        using var harness = new StageHarness();
        await harness.RunSinkAsync(new WriteDxStage(new WriteDxOptions { Path = "dx.dcs", ForPresentation = forPresentation, Encoding = encoding }), [Frame(harness, 0)], TestContext.Current.CancellationToken);
        harness.CommitOutputs();
        var path = harness.Directory.File("dx.dcs");

        var file = DicomFile.Open(path);
        Assert.Equal(forPresentation ? DicosSopClasses.DxForPresentation : DicosSopClasses.DxForProcessing, file.DataSet.GetString(DicomKeywords.SopClassUid));
        Assert.Equal(forPresentation ? "FOR PRESENTATION" : "FOR PROCESSING", file.DataSet.GetString(new DicomTag(0x0008, 0x0068)));
        Assert.Equal(encoding.TransferSyntax().Uid, file.TransferSyntax.Uid);
        AssertSamples(new DicomImage(file));
        var native = harness.Directory.File("native.dcs");
        await DicosTools.RunAsync(encoding == DicosEncoding.RleLossless ? "dcmdrle" : encoding == DicosEncoding.JpegLossless ? "dcmdjpeg" : "dcmconv", path, native);
        AssertSamples(new DicomImage(DicomFile.Open(native)));
        if (encoding != DicosEncoding.JpegLossless)
        {
            PythonScript.Require("pydicom");
            var read = await PythonScript.RunAsync("import sys, numpy as np, pydicom; a = pydicom.dcmread(sys.argv[1]).pixel_array; print(a.shape, int(a.astype(np.int64).sum()))", path);
            Assert.Equal($"({Height}, {Width}) {ExpectedSum()}", read.Trim());
        }

        Assert.Equal(["Error - Information Object Not found"], await DicosTools.VerifyAsync(path));
    }

    [Fact]
    public async Task Several_frames_need_a_frame_placeholder_and_then_become_one_file_each()
    {
        using var harness = new StageHarness();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.RunSinkAsync(new WriteDxStage(new WriteDxOptions { Path = "dx.dcs" }), [Frame(harness, 0), Frame(harness, 1)], TestContext.Current.CancellationToken));
        Assert.Contains("a second frame (1) arrived but path 'dx.dcs' has no {frame}", error.Message, StringComparison.Ordinal);

        await harness.RunSinkAsync(new WriteDxStage(new WriteDxOptions { Path = "dx-{frame}.dcs" }), [Frame(harness, 0), Frame(harness, 1)], TestContext.Current.CancellationToken);
        harness.CommitOutputs();
        Assert.True(File.Exists(harness.Directory.File("dx-0.dcs")) && File.Exists(harness.Directory.File("dx-1.dcs")));
    }

    private static ushort Sample(int x, int y) => (ushort)((x * 613) + (y * 97) + ((x * y) % 17));

    private static long ExpectedSum()
    {
        long sum = 0;
        for (var i = 0; i < Width * Height; i++)
        {
            sum += Sample(i % Width, i / Width);
        }

        return sum;
    }

    private static void AssertSamples(DicomImage image)
    {
        Assert.Equal((Height, Width, 1), (image.Rows, image.Columns, image.Frames));
        var frame = new byte[image.FrameBytes];
        image.ReadFrame(0, frame);
        var samples = MemoryMarshal.Cast<byte, ushort>(frame);
        for (var i = 0; i < samples.Length; i++)
        {
            Assert.True(samples[i] == Sample(i % Width, i / Width), $"pixel {i}: {samples[i]}, expected {Sample(i % Width, i / Width)}");
        }
    }

    private static ImageFrame Frame(StageHarness harness, int index)
    {
        var layout = new FrameLayout(PixelType.UInt16, Width, Height, FrameGeometry.Isotropic(0.2));
        harness.Pool.TryRent(layout.ByteLength, out var lease);
        var pixels = MemoryMarshal.Cast<byte, ushort>(lease!.Span);
        for (var i = 0; i < Width * Height; i++)
        {
            pixels[i] = Sample(i % Width, i / Width);
        }

        return new ImageFrame(index, layout, lease);
    }
}
