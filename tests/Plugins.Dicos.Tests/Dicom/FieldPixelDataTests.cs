using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Inspection;
using Conduit.Testing.Files;
using Conduit.Tests;

namespace Conduit.Plugins.Dicos.Tests.Dicom;

/// <summary>
/// Pixel data laid out as real writers lay it out and this codec once refused: explicit VR big endian, 1-bit frames
/// packed back to back and RLE-coded, multi-frame JPEG without an offset table, and baseline JPEG under a lossless
/// transfer syntax. Figures are pydicom's and DCMTK's, from tests/data/dicom/SOURCES.md.
/// </summary>
public sealed class FieldPixelDataTests
{
    private static string File(string name) => Path.Combine(TestData.Folder("dicom"), name);

    [Fact]
    public async Task An_explicit_vr_big_endian_file_reads_every_frame_as_pydicom_does()
    {
        var file = DicomFile.Open(File("emri_small_big_endian.dcm"));
        var image = new DicomImage(file);

        long[] pydicom = [590962, 547514, 504701, 461117, 404573, 355101, 331120, 372843, 441975, 483370];
        Assert.Equal(DicomTransferSyntax.ExplicitBigUid, file.TransferSyntax.Uid);
        Assert.Equal((64, 64, 10, 16), (image.Rows, image.Columns, image.Frames, image.BitsAllocated));
        Assert.Equal(pydicom, Enumerable.Range(0, image.Frames).Select(image.StoredSum));
        var inspection = await new DicosInspector().InspectAsync(file.Path, TestContext.Current.CancellationToken);
        Assert.Equal(590962L, inspection.Fields.Single(f => f.Name == "pixelSum").Value);
    }

    [Fact]
    public void One_bit_frames_packed_back_to_back_read_from_inside_a_byte()
    {
        var image = new DicomImage(DicomFile.Open(File("liver_nonbyte_aligned.dcm")));

        Assert.Equal((510, 510, 3, 1), (image.Rows, image.Columns, image.Frames, image.BitsAllocated));
        Assert.Equal([36233L, 35645, 35220], Enumerable.Range(0, 3).Select(image.StoredSum));
        Assert.Throws<InvalidOperationException>(() => image.NativeFrame(1));
    }

    [Fact]
    public void One_bit_rle_frames_decode_to_the_bits_pydicom_reads_from_the_uncompressed_copy()
    {
        var file = DicomFile.Open(File("liver_rle.dcm"));
        var image = new DicomImage(file);

        string[] pydicom =
        [
            "bbad786aee10e1ee82a678ae9318059995618f536ecf17ad4d4f0401e8eb2765",
            "261d5183d6ee5a8a33a54b137691274eb36818d6f90c61287471fcdb0f5d211b",
            "31466cdc8e40d9991b6599cf2b3e88322720990e7e85b5e149ec81605adf86f2",
        ];
        Assert.Equal(DicomTransferSyntax.RleLossless, file.TransferSyntax);
        Assert.Equal((512, 512, 3, 1), (image.Rows, image.Columns, image.Frames, image.BitsAllocated));
        var frame = new byte[image.FrameBytes];
        for (var f = 0; f < image.Frames; f++)
        {
            image.ReadFrame(f, frame);
            Assert.Equal(pydicom[f], Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(frame)));
        }
    }

    [Fact]
    public void Multi_frame_jpeg_without_an_offset_table_splits_its_fragments_where_each_codestream_starts()
    {
        var image = new DicomImage(DicomFile.Open(File("CT0012.fragmented_no_bot_jpeg_lossless.57.dcm")));

        Assert.Empty(image.PixelData.Fragments!.OffsetTable);
        Assert.True(image.PixelData.Fragments.Fragments.Count > image.Frames);
        Assert.Equal([100826003L, 98423405], Enumerable.Range(0, image.Frames).Select(image.StoredSum));
    }

    [Fact]
    public void Deflated_image_frames_inflate_to_their_native_bytes_and_a_short_one_is_refused()
    {
        var frames = new[] { Enumerable.Range(0, 24).Select(i => (byte)(i * 7)).ToArray(), Enumerable.Range(0, 24).Select(i => (byte)(255 - i)).ToArray() };
        using var directory = new TemporaryDirectory();
        var path = directory.File("deflated.dcm");
        WriteEncapsulated(path, DicomTransferSyntax.DeflatedImageFrame, rows: 3, columns: 4, bitsAllocated: 16, frames: [Deflate(frames[0]), Deflate(frames[1])]);
        var shortPath = directory.File("short.dcm");
        WriteEncapsulated(shortPath, DicomTransferSyntax.DeflatedImageFrame, rows: 3, columns: 4, bitsAllocated: 16, frames: [Deflate(frames[0][..20])]);

        var image = new DicomImage(DicomFile.Open(path));
        var decoded = new byte[image.FrameBytes];

        for (var f = 0; f < 2; f++)
        {
            image.ReadFrame(f, decoded);
            Assert.Equal(frames[f], decoded);
        }

        var error = Assert.Throws<DicomDataException>(() => new DicomImage(DicomFile.Open(shortPath)).ReadFrame(0, decoded));
        Assert.Contains("inflates to 20 bytes; the frame is 24", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Baseline_jpeg_under_a_lossless_syntax_reports_the_header_and_a_note_instead_of_failing()
    {
        // The start of a baseline (SOF0) 8-bit 2 × 2 frame, as some writers put under 1.2.840.10008.1.2.4.70.
        byte[] baseline = [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x02, 0x00, 0x02, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9, 0x00];
        using var directory = new TemporaryDirectory();
        var path = directory.File("baseline-as-lossless.dcm");
        WriteEncapsulated(path, DicomTransferSyntax.JpegLosslessSv1, rows: 2, columns: 2, bitsAllocated: 8, frames: [baseline]);

        var inspection = await new DicosInspector().InspectAsync(path, TestContext.Current.CancellationToken);

        var fields = inspection.Fields.ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal((2, 2, 8), ((int)fields["rows"]!, (int)fields["columns"]!, (int)fields["bitsAllocated"]!));
        Assert.Null(fields["pixelSum"]);
        var note = (string)Assert.Single(inspection.Tables.Single(t => t.Name == "notes").Rows)[0]!;
        Assert.Contains("FFC0", note, StringComparison.Ordinal);
    }

    private static byte[] Deflate(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var deflater = new System.IO.Compression.DeflateStream(output, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            deflater.Write(bytes);
        }

        return output.ToArray();
    }

    // A monochrome image whose frames are the given fragments, one each, without an offset table.
    private static void WriteEncapsulated(string path, DicomTransferSyntax syntax, int rows, int columns, int bitsAllocated, IReadOnlyList<byte[]> frames)
    {
        var data = new DicomDataSet();
        data.AddText(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.7");
        data.AddText(0x0008, 0x0018, "UI", "1.2.3.4");
        data.AddUInt16(0x0028, 0x0002, 1);
        data.AddText(0x0028, 0x0004, "CS", "MONOCHROME2");
        data.AddText(0x0028, 0x0008, "IS", frames.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        data.AddUInt16(0x0028, 0x0010, (ushort)rows);
        data.AddUInt16(0x0028, 0x0011, (ushort)columns);
        data.AddUInt16(0x0028, 0x0100, (ushort)bitsAllocated);
        data.AddUInt16(0x0028, 0x0101, (ushort)bitsAllocated);
        var offsets = new List<long>();
        long at = 0;
        foreach (var frame in frames)
        {
            offsets.Add(at);
            at += 8 + frame.Length + (frame.Length % 2);
        }

        data.Add(new DicomElement(DicomTag.PixelData, DicomVr.OB, new EncapsulatedFragments([], [.. frames.Select(f => (ReadOnlyMemory<byte>)f)], offsets)));
        using var stream = System.IO.File.Create(path);
        DicomWriter.Write(stream, data, syntax);
    }
}
