using System.Runtime.InteropServices;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Stages;
using Conduit.Plugins.Dicos.Writing;
using Conduit.Testing.Stages;

namespace Conduit.Plugins.Dicos.Tests.Stages;

public sealed class ReadDicosStageTests
{
    [Fact]
    public async Task A_ct_written_by_dicos_write_ct_reads_back_as_the_same_frames_and_geometry()
    {
        using var harness = new StageHarness();
        var written = Enumerable.Range(0, 3).Select(z => Frame(harness, z)).ToList();
        var expected = written.Select(f => MemoryMarshal.Cast<byte, float>(f.Pixels.Span).ToArray()).ToList();
        await harness.RunTransformAsync(new WriteCtStage(new WriteCtOptions { Path = "ct.dcs" }), written, TestContext.Current.CancellationToken);
        harness.CommitOutputs();

        var frames = await harness.RunSourceAsync(new ReadDicosStage(new ReadDicosOptions { Path = "ct.dcs" }), TestContext.Current.CancellationToken);
        try
        {
            Assert.Equal(3, frames.Count);
            for (var z = 0; z < 3; z++)
            {
                var layout = frames[z].Layout;
                Assert.Equal((PixelType.Float32, 6, 8), (layout.PixelType, layout.Width, layout.Height));
                Assert.Equal((-3.0, -4.0, z * 1.25), layout.Geometry.Origin);
                Assert.Equal((0.5, 0.75, 1.25), (layout.Geometry.SpacingX, layout.Geometry.SpacingY, layout.Geometry.SpacingZ));
                var values = MemoryMarshal.Cast<byte, float>(frames[z].Pixels.Span)[..48].ToArray();
                Assert.All(values.Zip(expected[z]), p => Assert.Equal(p.Second, p.First, 0.51e-4));
            }
        }
        finally
        {
            frames.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task A_jpeg_lossless_dx_reads_as_one_decoded_frame_of_stored_values_when_asked()
    {
        using var harness = new StageHarness();
        var path = Path.Combine(DicosTools.Shared, "SimplePresentationDX.dcs");
        var frames = await harness.RunSourceAsync(new ReadDicosStage(new ReadDicosOptions { Path = path, Rescale = false }), TestContext.Current.CancellationToken);
        var frame = Assert.Single(frames);
        Assert.Equal((PixelType.UInt16, 256, 128), (frame.Layout.PixelType, frame.Layout.Width, frame.Layout.Height));
        Assert.Equal(536854528L, MemoryMarshal.Cast<byte, ushort>(frame.Pixels.Span)[..(256 * 128)].ToArray().Sum(v => (long)v));
        frame.Dispose();
    }

    [Theory]
    [InlineData(DicosEncoding.RleLossless, false)]
    [InlineData(DicosEncoding.RleLossless, true)]
    [InlineData(DicosEncoding.JpegLossless, false)]
    [InlineData(DicosEncoding.Native, true)]
    public async Task Frames_encoded_and_decoded_several_at_once_come_back_whole_and_in_order(DicosEncoding encoding, bool rescale)
    {
        const int Frames = 23;
        using var harness = new StageHarness();
        var written = Enumerable.Range(0, Frames).Select(z => StoredFrame(harness, z)).ToList();
        var expected = written.Select(f => MemoryMarshal.Cast<byte, ushort>(f.Pixels.Span)[..(32 * 24)].ToArray()).ToList();
        await harness.RunTransformAsync(new WriteCtStage(new WriteCtOptions { Path = "ct.dcs", Encoding = encoding }), written, TestContext.Current.CancellationToken);
        harness.CommitOutputs();

        var frames = await harness.RunSourceAsync(new ReadDicosStage(new ReadDicosOptions { Path = "ct.dcs", Rescale = rescale }), TestContext.Current.CancellationToken);
        try
        {
            Assert.Equal(Enumerable.Range(0, Frames).Select(z => (long)z), frames.Select(f => f.Index));
            for (var z = 0; z < Frames; z++)
            {
                Assert.Equal((double)z, frames[z].Layout.Geometry.Origin.Z);
                var values = rescale
                    ? MemoryMarshal.Cast<byte, float>(frames[z].Pixels.Span)[..(32 * 24)].ToArray().Select(v => (ushort)v).ToArray()
                    : MemoryMarshal.Cast<byte, ushort>(frames[z].Pixels.Span)[..(32 * 24)].ToArray();
                Assert.Equal(expected[z], values);
            }
        }
        finally
        {
            frames.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task A_damaged_frame_among_frames_decoded_at_once_fails_the_stage_with_the_file_and_returns_every_buffer()
    {
        using var harness = new StageHarness();
        var written = Enumerable.Range(0, 12).Select(z => StoredFrame(harness, z)).ToList();
        await harness.RunTransformAsync(new WriteCtStage(new WriteCtOptions { Path = "ct.dcs", Encoding = DicosEncoding.RleLossless }), written, TestContext.Current.CancellationToken);
        harness.CommitOutputs();
        var path = harness.Directory.File("ct.dcs");
        var bytes = File.ReadAllBytes(path);
        // Each RLE frame begins with its header: 2 segments, the first at offset 64. Frame 7 claims 9 segments.
        ReadOnlySpan<byte> header = [2, 0, 0, 0, 64, 0, 0, 0];
        var at = -1;
        for (var frame = 0; frame <= 7; frame++)
        {
            at += 1 + bytes.AsSpan(at + 1).IndexOf(header);
        }

        bytes[at] = 9;
        File.WriteAllBytes(path, bytes);

        var error = await Assert.ThrowsAsync<DicomDataException>(() => harness.RunSourceAsync(new ReadDicosStage(new ReadDicosOptions { Path = "ct.dcs", Rescale = false }), TestContext.Current.CancellationToken));

        Assert.Contains("ct.dcs", error.Message, StringComparison.Ordinal);
        Assert.Contains("frame 7: the RLE header names 9 segments", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Pool.OutstandingLeases);
    }

    private static ImageFrame StoredFrame(StageHarness harness, int z)
    {
        var layout = new FrameLayout(PixelType.UInt16, 32, 24, new FrameGeometry(1, 1, 1, (0, 0, z), (1, 0, 0), (0, 1, 0)));
        harness.Pool.TryRent(layout.ByteLength, out var lease);
        var pixels = MemoryMarshal.Cast<byte, ushort>(lease!.Span);
        for (var i = 0; i < 32 * 24; i++)
        {
            pixels[i] = (ushort)((z * 1000) + ((i * 7) % 301) + (i / 32 * 3));
        }

        return new ImageFrame(z, layout, lease);
    }

    private static ImageFrame Frame(StageHarness harness, int z)
    {
        var geometry = new FrameGeometry(0.5, 0.75, 1.25, (-3, -4, z * 1.25), (1, 0, 0), (0, 1, 0));
        var layout = new FrameLayout(PixelType.Float32, 6, 8, geometry);
        harness.Pool.TryRent(layout.ByteLength, out var lease);
        var pixels = MemoryMarshal.Cast<byte, float>(lease!.Span);
        for (var i = 0; i < 48; i++)
        {
            pixels[i] = (i * 0.037f) + z - 0.5f;
        }

        return new ImageFrame(z, layout, lease);
    }
}
