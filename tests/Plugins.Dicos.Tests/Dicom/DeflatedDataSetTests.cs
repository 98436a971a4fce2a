using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Testing.Files;
using Conduit.Testing.Memory;

namespace Conduit.Plugins.Dicos.Tests.Dicom;

/// <summary>
/// Deflated Explicit VR Little Endian (1.2.840.10008.1.2.1.99): the data set after the file meta information is one
/// raw deflate stream. A stage's read inflates it into its pool, so the budget sees it, and the lease goes back with
/// the file.
/// </summary>
public sealed class DeflatedDataSetTests
{
    [Fact]
    public void A_deflated_data_set_inflates_into_the_pool_and_reads_as_the_plain_file_does()
    {
        using var directory = new TemporaryDirectory();
        var (plain, deflated, dataSetBytes) = WriteBoth(directory);
        using var pool = new LeakCheckingPool("deflate", 1 << 20);

        using (var mapped = MappedDicomFile.Open(deflated, pool))
        {
            Assert.Equal(1, pool.Statistics.OutstandingLeases);
            Assert.InRange(pool.Statistics.OutstandingBytes, dataSetBytes, 2 * dataSetBytes);
            var image = new DicomImage(mapped.File);
            var expected = new DicomImage(DicomFile.Open(plain));
            Assert.Equal((expected.Rows, expected.Columns), (image.Rows, image.Columns));
            Assert.Equal(expected.StoredSum(0), image.StoredSum(0));
            Assert.Equal(DicomTransferSyntax.DeflatedUid, mapped.File.TransferSyntax.Uid);
        }

        Assert.Equal(0, pool.Statistics.OutstandingLeases);
    }

    [Fact]
    public void A_data_set_larger_than_the_pool_lends_is_refused_with_the_file_and_offset()
    {
        using var directory = new TemporaryDirectory();
        var (_, deflated, _) = WriteBoth(directory);
        using var pool = new LeakCheckingPool("small", 256);

        var error = Assert.Throws<DicomDataException>(() => MappedDicomFile.Open(deflated, pool));

        Assert.Contains("deflated.dcm", error.Message, StringComparison.Ordinal);
        Assert.Contains("more than pool 'small' can lend", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, pool.Statistics.OutstandingLeases);
    }

    [Fact]
    public void A_damaged_deflate_stream_is_refused_and_returns_nothing_to_leak()
    {
        using var directory = new TemporaryDirectory();
        var (_, deflated, _) = WriteBoth(directory);
        var bytes = File.ReadAllBytes(deflated);
        bytes.AsSpan(bytes.Length - 40).Fill(0xFF);
        File.WriteAllBytes(deflated, bytes);
        using var pool = new LeakCheckingPool("damaged", 1 << 20);

        var error = Assert.Throws<DicomDataException>(() => MappedDicomFile.Open(deflated, pool));

        Assert.Contains("deflated", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, pool.Statistics.OutstandingLeases);
    }

    // The same 16 × 16 image as a plain explicit VR little endian file and as a deflated one.
    private static (string Plain, string Deflated, long DataSetBytes) WriteBoth(TemporaryDirectory directory)
    {
        var data = new DicomDataSet();
        data.AddText(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.7");
        data.AddText(0x0008, 0x0018, "UI", "1.2.3.4.5");
        data.AddUInt16(0x0028, 0x0002, 1);
        data.AddText(0x0028, 0x0004, "CS", "MONOCHROME2");
        data.AddUInt16(0x0028, 0x0010, 16);
        data.AddUInt16(0x0028, 0x0011, 16);
        data.AddUInt16(0x0028, 0x0100, 16);
        data.AddUInt16(0x0028, 0x0101, 16);
        var pixels = new byte[16 * 16 * 2];
        for (var i = 0; i < pixels.Length / 2; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(pixels.AsSpan(i * 2), (ushort)(i * 37));
        }

        data.Add(DicomValues.Bytes(DicomTag.PixelData, DicomVr.OW, pixels));
        var plain = directory.File("plain.dcm");
        using (var stream = File.Create(plain))
        {
            DicomWriter.Write(stream, data, DicomTransferSyntax.ExplicitLittle);
        }

        // The plain file's data set follows its meta group: 132 bytes, the 12-byte group length and its value.
        var bytes = File.ReadAllBytes(plain);
        var dataSet = bytes.AsSpan(144 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(140)));
        using var output = new MemoryStream();
        output.Write(new byte[128]);
        output.Write("DICM"u8);
        var uid = Encoding.ASCII.GetBytes(DicomTransferSyntax.DeflatedUid);
        output.Write([0x02, 0x00, 0x00, 0x00, (byte)'U', (byte)'L', 4, 0]);
        output.Write(BitConverter.GetBytes((uint)(8 + uid.Length)));
        output.Write([0x02, 0x00, 0x10, 0x00, (byte)'U', (byte)'I', (byte)uid.Length, 0]);
        output.Write(uid);
        using (var deflater = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflater.Write(dataSet);
        }

        var deflated = directory.File("deflated.dcm");
        File.WriteAllBytes(deflated, output.ToArray());
        return (plain, deflated, dataSet.Length);
    }
}
