using System.Runtime.InteropServices;
using Conduit.Abstractions.Messages;
using Conduit.Engine.Memory;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Stages;
using Conduit.Plugins.Dicos.Writing;
using Conduit.Testing.Files;
using Conduit.Testing.Processes;
using Conduit.Testing.Stages;

namespace Conduit.Plugins.Dicos.Tests.Writing;

/// <summary>CTs in every encoding, checked by DCMTK, pydicom and dciodvfy; and the memory a stack of slices costs.</summary>
public sealed class DicosCtWriterTests
{
    private const int Width = 512;
    private const int Height = 512;
    private const int Slices = 3;

    [Theory]
    [InlineData(DicosEncoding.Native)]
    [InlineData(DicosEncoding.JpegLossless)]
    [InlineData(DicosEncoding.RleLossless)]
    public async Task A_512_square_ct_in_each_encoding_reads_back_bit_exact_here_in_dcmtk_and_pydicom_and_passes_dciodvfy(DicosEncoding encoding)
    {
        using var harness = new StageHarness();
        var frames = Enumerable.Range(0, Slices).Select(z => Frame(harness, z)).ToList();
        await harness.RunTransformAsync(new WriteCtStage(new WriteCtOptions { Path = "ct.dcs", Encoding = encoding }), frames, TestContext.Current.CancellationToken);
        harness.CommitOutputs();
        var path = harness.Directory.File("ct.dcs");

        var file = DicomFile.Open(path);
        Assert.Equal(encoding.TransferSyntax().Uid, file.TransferSyntax.Uid);
        AssertSamples(new DicomImage(file));

        // DCMTK decompresses it to the same samples; pydicom (no JPEG Lossless codec in Debian's) reads the rest.
        var native = harness.Directory.File("native.dcs");
        await DicosTools.RunAsync(encoding == DicosEncoding.RleLossless ? "dcmdrle" : encoding == DicosEncoding.JpegLossless ? "dcmdjpeg" : "dcmconv", path, native);
        AssertSamples(new DicomImage(DicomFile.Open(native)));
        if (encoding != DicosEncoding.JpegLossless)
        {
            PythonScript.Require("pydicom");
            var sum = await PythonScript.RunAsync("import sys, numpy as np, pydicom; print(int(pydicom.dcmread(sys.argv[1]).pixel_array.astype(np.int64).sum()))", path);
            Assert.Equal(ExpectedSum().ToString(System.Globalization.CultureInfo.InvariantCulture), sum.Trim());
        }

        Assert.Equal(["Error - Information Object Not found"], await DicosTools.VerifyAsync(path));
    }

    [Theory]
    [InlineData(DicosEncoding.Native, null)]
    [InlineData(DicosEncoding.Native, Slices)]
    [InlineData(DicosEncoding.Native, 1)]
    [InlineData(DicosEncoding.Native, 300)]
    [InlineData(DicosEncoding.JpegLossless, Slices)]
    [InlineData(DicosEncoding.JpegLossless, 300)]
    [InlineData(DicosEncoding.RleLossless, null)]
    [InlineData(DicosEncoding.RleLossless, Slices)]
    [InlineData(DicosEncoding.RleLossless, 1)]
    public async Task Slices_are_written_once_behind_room_for_the_header_and_moved_only_when_their_number_was_not_announced(DicosEncoding encoding, int? announced)
    {
        using var harness = new StageHarness();
        var path = harness.Directory.File("ct.dcs");
        var source = announced is { } count ? new FrameSource("source", count, new Dictionary<string, string>()) : null;
        long moved;
        await using (var output = File.Create(path))
        {
            // Something already in the stream stays in front of the CT.
            output.Write("leading"u8);
            using var writer = new DicosCtWriter(harness.Pool, output, encoding, new StoredSamples(1, 0), DateTime.Now);
            for (var z = 0; z < Slices; z++)
            {
                using var frame = Frame(harness, z, z == 0 ? source : null);
                await writer.AppendAsync(frame, TestContext.Current.CancellationToken);
            }

            writer.Complete();
            moved = writer.MovedBytes;
            Assert.Equal(output.Length, output.Position);
        }

        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal("leading"u8.ToArray(), bytes[..7]);
        var ct = harness.Directory.File("ct-alone.dcs");
        await File.WriteAllBytesAsync(ct, bytes[7..], TestContext.Current.CancellationToken);
        var image = new DicomImage(DicomFile.Open(ct));
        AssertSamples(image);
        Assert.Equal([(0.0, 0.0, 0.0), (0.0, 0.0, 2.0), (0.0, 0.0, 4.0)], Enumerable.Range(0, Slices).Select(image.Position));

        // The header for as many frames as arrived fits the room left for it exactly when that number was announced.
        Assert.Equal(announced == Slices, moved == 0);
        Assert.Equal(["Error - Information Object Not found"], await DicosTools.VerifyAsync(ct));
    }

    [Fact]
    public async Task Appending_and_reading_slices_through_slab_buffers_allocates_no_managed_memory_per_slice()
    {
        using var directory = new TemporaryDirectory();
        var budget = new MemoryBudget("test", 64L << 20);
        using var fallback = new ManagedBufferPool("fallback", budget);
        var frameBytes = Width * Height * sizeof(ushort);
        using var slabs = new SlabBufferPool("slabs", budget, Width * Height * sizeof(float), 4, fallback);
        const int frames = 64;
        var path = directory.File("ct.dcs");
        var pixels = new byte[Width * Height * sizeof(float)];
        var layout = new FrameLayout(PixelType.Float32, Width, Height, FrameGeometry.Isotropic(1));
        long writing;
        await using (var output = File.Create(path))
        using (var writer = new DicosCtWriter(slabs, output, DicosEncoding.Native, new StoredSamples(1e-4, -1), DateTime.Now))
        {
            using (var first = new ImageFrame(0, layout, new Abstractions.Memory.BorrowedLease(pixels)))
            {
                await writer.AppendAsync(first, TestContext.Current.CancellationToken);
            }

            writing = AllocatedPerSlice(frames - 1, i => writer.Append(pixels, layout, i + 1));
            writer.Complete();
        }

        using var mapped = MappedDicomFile.Open(path);
        var image = new DicomImage(mapped.File);
        Assert.Equal(frames, image.Frames);
        var (slope, intercept) = image.Rescale;
        var stored = AllocatedPerSlice(frames, f =>
        {
            slabs.TryRent(frameBytes, out var lease);
            image.ReadFrame(f, lease!.Span[..frameBytes]);
            lease.Dispose();
        });
        var rescaled = AllocatedPerSlice(frames, f =>
        {
            slabs.TryRent(frameBytes * 2, out var lease);
            image.Rescaled(image.NativeFrame(f), slope, intercept, MemoryMarshal.Cast<byte, float>(lease!.Span));
            lease.Dispose();
        });

        Assert.Equal((0, 0, 0), (writing, stored, rescaled));
        Assert.Equal(0, slabs.Statistics.FallbackCount);
    }

    // Bytes this thread allocates over the second half of the slices, per slice: the first half warms up.
    private static long AllocatedPerSlice(int slices, Action<int> slice)
    {
        var warm = slices / 2;
        for (var i = 0; i < warm; i++)
        {
            slice(i);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = warm; i < slices; i++)
        {
            slice(i);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (slices - warm);
    }

    private static ushort Sample(int x, int y, int z) => (ushort)((((x * 7919) + (y * 104729) + (z * 1299709)) % 65536) ^ (x * y));

    private static long ExpectedSum()
    {
        long sum = 0;
        for (var z = 0; z < Slices; z++)
        {
            for (var y = 0; y < Height; y++)
            {
                for (var x = 0; x < Width; x++)
                {
                    sum += Sample(x, y, z);
                }
            }
        }

        return sum;
    }

    private static void AssertSamples(DicomImage image)
    {
        Assert.Equal((Height, Width, Slices), (image.Rows, image.Columns, image.Frames));
        var frame = new byte[image.FrameBytes];
        var expected = new ushort[Width * Height];
        for (var z = 0; z < Slices; z++)
        {
            image.ReadFrame(z, frame);
            for (var i = 0; i < expected.Length; i++)
            {
                expected[i] = Sample(i % Width, i / Width, z);
            }

            var samples = MemoryMarshal.Cast<byte, ushort>(frame);
            var first = samples.CommonPrefixLength(expected);
            Assert.True(first == expected.Length, $"frame {z}, pixel {first}: the first sample that differs");
        }
    }

    private static ImageFrame Frame(StageHarness harness, int z, FrameSource? source = null)
    {
        var layout = new FrameLayout(PixelType.UInt16, Width, Height, new FrameGeometry(0.5, 0.5, 2, (0, 0, z * 2), (1, 0, 0), (0, 1, 0)));
        harness.Pool.TryRent(layout.ByteLength, out var lease);
        var pixels = MemoryMarshal.Cast<byte, ushort>(lease!.Span);
        for (var i = 0; i < Width * Height; i++)
        {
            pixels[i] = Sample(i % Width, i / Width, z);
        }

        return new ImageFrame(z, layout, lease) { Source = source };
    }
}
