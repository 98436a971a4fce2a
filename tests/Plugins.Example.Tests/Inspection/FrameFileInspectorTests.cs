using Conduit.Abstractions.Inspection;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Example.Format;
using Conduit.Plugins.Example.Inspection;
using Conduit.Testing.Files;

namespace Conduit.Plugins.Example.Tests.Inspection;

public sealed class FrameFileInspectorTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Recognises_the_magic_over_the_extension()
    {
        var inspector = new FrameFileInspector();

        Assert.Equal(InspectionMatch.Content, inspector.Match("CNDTFRM1...."u8, "anything.bin"));
        Assert.Equal(InspectionMatch.Extension, inspector.Match("????"u8, "frames.CFR"));
        Assert.Equal(InspectionMatch.None, inspector.Match("????"u8, "frames.txt"));
    }

    [Fact]
    public async Task Summarises_header_and_pixel_statistics_per_frame_and_overall()
    {
        var path = _directory.File("f.cfr");
        var header = new FrameFileHeader(PixelType.Float32, 2, 2, 2, 1, 1, 1);
        var bytes = new byte[FrameFileHeader.Size + 32];
        header.Write(bytes);
        float[] pixels = [1, 2, 3, 4, -8, 0, 0, 0];
        Buffer.BlockCopy(pixels, 0, bytes, FrameFileHeader.Size, 32);
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);

        var report = await new FrameFileInspector().InspectAsync(path, TestContext.Current.CancellationToken);

        var fields = report.Fields.ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal(2L, fields["frame-count"]);
        Assert.Equal(-8f, fields["min"]);
        Assert.Equal(4f, fields["max"]);
        Assert.Equal(0.25, fields["mean"]);
        var table = Assert.Single(report.Tables);
        Assert.Equal([1L, -8f, 0f, -2.0], table.Rows[1]);
    }
}
