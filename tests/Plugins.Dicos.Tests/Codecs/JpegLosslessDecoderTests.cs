using Conduit.Plugins.Dicos.Codecs;
using Conduit.Plugins.Dicos.Dicom;

namespace Conduit.Plugins.Dicos.Tests.Codecs;

public sealed class JpegLosslessDecoderTests
{
    [Fact]
    public void A_huffman_table_with_more_codes_than_its_lengths_hold_is_damaged_data_not_a_crash()
    {
        // A 1 × 1 lossless frame whose DHT claims three 1-bit codes: only two exist.
        byte[] jpeg =
        [
            0xFF, 0xD8,
            0xFF, 0xC3, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00,
            0xFF, 0xC4, 0x00, 0x16, 0x00, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2,
            0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x01, 0x00, 0x00,
            0x00,
            0xFF, 0xD9,
        ];

        var error = Assert.Throws<DicomDataException>(() => JpegLosslessDecoder.Decode(jpeg, new byte[2], 1));

        Assert.Contains("Huffman table has more codes of 1 bits or fewer than 1 bits can hold", error.Message, StringComparison.Ordinal);
    }
}
