using System.Runtime.InteropServices;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Stages;
using Conduit.Testing.Stages;

namespace Conduit.Plugins.Dicos.Tests.Stages;

public sealed class WriteCtStageTests
{
    [Fact]
    public async Task Float_slices_become_a_multi_frame_dicos_ct_with_their_positions_and_rescale()
    {
        using var harness = new StageHarness();
        var frames = Enumerable.Range(0, 3).Select(z => Frame(harness, z, (x, y) => (x * 0.01f) + (y * 0.001f) + z)).ToList();

        await harness.RunTransformAsync(new WriteCtStage(new WriteCtOptions { Path = "ct.dcs" }), frames, TestContext.Current.CancellationToken);
        harness.CommitOutputs();

        var file = DicomFile.Open(harness.Directory.File("ct.dcs"));
        var image = new DicomImage(file);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.501.1", file.DataSet.GetString(DicomKeywords.SopClassUid));
        Assert.StartsWith("2.25.", file.DataSet.GetString(DicomKeywords.SopInstanceUid), StringComparison.Ordinal);
        Assert.Equal((8, 6, 3), (image.Rows, image.Columns, image.Frames));
        var perFrame = file.DataSet.GetItems(new DicomTag(0x5200, 0x9230));
        // Positions are written at the full width of a DS value (trailing spaces), so that the header's length depends
        // only on the number of frames.
        Assert.Equal(["-3", "-4", "1.25"], perFrame[1].GetItems(new DicomTag(0x0020, 0x9113))[0].GetString(new DicomTag(0x0020, 0x0032))!.Split('\\').Select(v => v.TrimEnd()));
        Assert.Equal((-3.0, -4.0, 1.25), image.Position(1));
        var pixels = new byte[image.FrameBytes];
        image.ReadFrame(2, pixels);
        var stored = MemoryMarshal.Cast<byte, ushort>(pixels);
        // value = stored × 1e-4 − 1: pixel (x 5, y 7) of slice 2 is 0.05 + 0.007 + 2.
        Assert.Equal(2.057, (stored[(7 * 6) + 5] * 1e-4) - 1, 1e-4);
    }

    [Fact]
    public async Task A_value_the_rescale_cannot_store_is_refused_naming_frame_and_pixel()
    {
        using var harness = new StageHarness();
        var frames = new List<ImageFrame> { Frame(harness, 0, (x, y) => x == 2 && y == 1 ? 100f : 0f) };

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => harness.RunTransformAsync(new WriteCtStage(new WriteCtOptions { Path = "ct.dcs" }), frames, TestContext.Current.CancellationToken));

        Assert.StartsWith("frame 0, pixel 8: 100 is outside what slope 0.0001 and intercept -1 store in 16 bits", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(harness.Directory.File("ct.dcs")));
    }

    private static ImageFrame Frame(StageHarness harness, int z, Func<int, int, float> value)
    {
        var geometry = new FrameGeometry(1, 1, 1.25, (-3, -4, z * 1.25), (1, 0, 0), (0, 1, 0));
        var layout = new FrameLayout(PixelType.Float32, 6, 8, geometry);
        harness.Pool.TryRent(layout.ByteLength, out var lease);
        var pixels = MemoryMarshal.Cast<byte, float>(lease!.Span);
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 6; x++)
            {
                pixels[(y * 6) + x] = value(x, y);
            }
        }

        return new ImageFrame(z, layout, lease);
    }
}
