using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Conduit.Plugins.Fcs.Reading;
using Conduit.Testing.Files;

namespace Conduit.Plugins.Fcs.Tests.Reading;

/// <summary>Data types and layouts no shared file has (SOURCES.md lists them as gaps), written here byte by byte.</summary>
public sealed class GeneratedFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private FcsFile Write(byte[] bytes, FcsReadOptions? options = null)
    {
        var path = _directory.File($"{Guid.NewGuid():N}.fcs");
        File.WriteAllBytes(path, bytes);
        return FcsFile.Open(path, options);
    }

    [Theory]
    [InlineData("xmodem", "CRC-16/XMODEM")]
    [InlineData("false", "CRC-16/CCITT-FALSE")]
    [InlineData("kermit", "CRC-16/KERMIT")]
    public void A_CRC_field_is_verified_under_any_of_the_CCITT_variants(string variant, string expected)
    {
        var body = FcsBuilder.Build(FcsBuilder.Keywords("F", "1,2,3,4", 2, ("A", 32, "1024")), new byte[8]);
        var (xmodem, ccittFalse, kermit) = FcsCrc.Update(body, 0, 0xFFFF, 0);
        var crc = variant switch { "xmodem" => xmodem, "false" => ccittFalse, _ => kermit };

        var file = Write([.. body, .. Encoding.ASCII.GetBytes(crc.ToString("D8", CultureInfo.InvariantCulture))], new FcsReadOptions { VerifyCrc = true });

        Assert.Equal($"{crc}, verified ({expected})", file.DataSets[0].Crc);
        Assert.Empty(file.DataSets[0].Diagnostics);
    }

    [Fact]
    public void The_CRC_variants_give_their_published_check_values()
    {
        // The catalogue's check input "123456789".
        Assert.Equal(((ushort)0x31C3, (ushort)0x29B1, (ushort)0x2189), FcsCrc.Update("123456789"u8, 0, 0xFFFF, 0));
    }

    [Fact]
    public void A_wrong_CRC_is_reported_and_the_events_are_still_read()
    {
        var body = FcsBuilder.Build(FcsBuilder.Keywords("F", "1,2,3,4", 2, ("A", 32, "1024")), new byte[8]);
        var (xmodem, _, _) = FcsCrc.Update(body, 0, 0xFFFF, 0);
        var wrong = (ushort)(xmodem ^ 0x0101);

        var file = Write([.. body, .. Encoding.ASCII.GetBytes(wrong.ToString("D8", CultureInfo.InvariantCulture))], new FcsReadOptions { VerifyCrc = true });

        Assert.StartsWith($"{wrong} does not match the data set", file.DataSets[0].Crc, StringComparison.Ordinal);
        Assert.Contains(file.DataSets[0].Diagnostics, d => d.Contains("CRC field at byte", StringComparison.Ordinal));
        Assert.Equal(2, FcsEvents.ReadAll(file).Length);
    }

    [Fact]
    public void A_zero_CRC_field_means_not_computed()
    {
        var body = FcsBuilder.Build(FcsBuilder.Keywords("F", "1,2,3,4", 2, ("A", 32, "1024")), new byte[8]);

        var file = Write([.. body, .. "00000000"u8.ToArray()], new FcsReadOptions { VerifyCrc = true });

        Assert.Equal("not computed (00000000)", file.DataSets[0].Crc);
    }

    [Fact]
    public void Reads_double_precision_big_endian()
    {
        var data = new byte[16];
        BinaryPrimitives.WriteDoubleBigEndian(data, 1.5);
        BinaryPrimitives.WriteDoubleBigEndian(data.AsSpan(8), -2.25e10);

        var values = FcsEvents.ReadAll(Write(FcsBuilder.Build(FcsBuilder.Keywords("D", "4,3,2,1", 1, ("A", 64, "1"), ("B", 64, "1")), data)));

        Assert.Equal([1.5, -2.25e10], values);
    }

    [Fact]
    public void Reads_fixed_width_ascii()
    {
        var data = Encoding.ASCII.GetBytes("  123  457 8901");

        var values = FcsEvents.ReadAll(Write(FcsBuilder.Build(FcsBuilder.Keywords("A", "1,2,3,4", 3, ("A", 4, "1024"), ("B", 1, "10")), data)));

        Assert.Equal([12, 3, 45, 7, 890, 1], values);
    }

    [Fact]
    public void Reads_delimited_ascii()
    {
        var data = Encoding.ASCII.GetBytes("1,2\r\n3.5 4\t5,6");

        var values = FcsEvents.ReadAll(Write(FcsBuilder.Build(FcsBuilder.Keywords("A", "1,2,3,4", 3, ("A", 0, "10"), ("B", 0, "10")), data)));

        Assert.Equal([1, 2, 3.5, 4, 5, 6], values);
    }

    [Fact]
    public void Delimited_ascii_whose_event_count_DATA_cannot_hold_is_refused_before_allocating_for_it()
    {
        // Found while writing the fuzzing targets: $TOT × $PAR used to size the array of values before any was read.
        var file = Write(FcsBuilder.Build(FcsBuilder.Keywords("A", "1,2,3,4", 500_000_000, ("A", 0, "10"), ("B", 0, "10")), Encoding.ASCII.GetBytes("1,2")));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<FcsDataException>(() => FcsEvents.ReadAll(file));

        Assert.Contains("delimited ASCII DATA of 3 bytes holds at most 2 values, $TOT × $PAR is 1000000000", error.Message, StringComparison.Ordinal);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
    }

    [Fact]
    public void Reads_64_bit_integers_and_a_mixed_byte_order()
    {
        var data = new byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(data, 1UL << 40);
        // 0x11223344 stored as 3,4,1,2: bytes of significance 3,4,1,2 in that order.
        data[8] = 0x22;
        data[9] = 0x11;
        data[10] = 0x44;
        data[11] = 0x33;
        var keywords = FcsBuilder.Keywords("I", "1,2,3,4", 1, ("Big", 64, "0"), ("Mixed", 32, "0"));
        var little = FcsEvents.ReadAll(Write(FcsBuilder.Build(keywords, data[..8].Concat(new byte[4]).ToArray())));
        var mixed = FcsEvents.ReadAll(Write(FcsBuilder.Build(
            [.. FcsBuilder.Keywords("I", "3,4,1,2", 1, ("Mixed", 32, "0"))],
            data[8..])));

        Assert.Equal(1UL << 40, (ulong)little[0]);
        Assert.Equal(0x11223344, mixed[0]);
    }

    [Fact]
    public void Fcs32_float_channels_beside_integer_ones_are_read_by_their_own_data_type()
    {
        var keywords = FcsBuilder.Keywords("I", "4,3,2,1", 2, ("Count", 16, "1024"), ("Area", 32, "262144"));
        keywords.Add(("$P2DATATYPE", "F"));
        var data = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(data, 1023 + 2048);
        BinaryPrimitives.WriteSingleBigEndian(data.AsSpan(2), 1234.5f);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(6), 7);
        BinaryPrimitives.WriteSingleBigEndian(data.AsSpan(8), -0.25f);

        var fcs = Write(FcsBuilder.Build(keywords, data, version: "FCS3.2"));

        Assert.Equal(FcsDataType.Float, fcs.DataSets[0].Channels[1].Type);
        Assert.Equal([1023, 1234.5, 7, -0.25], FcsEvents.ReadAll(fcs));
    }

    [Fact]
    public void Histogram_modes_are_refused_by_name()
    {
        var keywords = FcsBuilder.Keywords("I", "1,2", 1, ("A", 16, "1024"));
        keywords[2] = ("$MODE", "C");

        var error = Assert.Throws<FcsDataException>(() => Write(FcsBuilder.Build(keywords, new byte[2])));

        Assert.Contains("$MODE is \"C\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_TOT_is_an_error_not_an_allocation()
    {
        var error = Assert.Throws<FcsDataException>(() => Write(FcsBuilder.Build(FcsBuilder.Keywords("F", "1,2,3,4", 4_000_000_000_000, ("A", 32, "1")), new byte[8])));

        Assert.Contains("$TOT is 4000000000000 events of 4 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DATA_past_the_end_of_the_file_is_an_error_naming_the_offsets()
    {
        var bytes = FcsBuilder.Build(FcsBuilder.Keywords("F", "1,2,3,4", 4, ("A", 32, "1")), new byte[16]);

        var error = Assert.Throws<FcsDataException>(() => Write(bytes[..^5]));

        Assert.Contains("the file ends at byte", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Offset);
    }

    [Theory]
    [InlineData("$DATATYPE", "required keyword $DATATYPE is missing")]
    [InlineData("$BYTEORD", "required keyword $BYTEORD is missing")]
    [InlineData("$PAR", "required keyword $PAR is missing")]
    [InlineData("$P1B", "required keyword $P1B is missing")]
    public void A_missing_required_keyword_is_named(string keyword, string expected)
    {
        var keywords = FcsBuilder.Keywords("F", "1,2,3,4", 1, ("A", 32, "1")).Where(k => k.Key != keyword).ToList();

        var error = Assert.Throws<FcsDataException>(() => Write(FcsBuilder.Build(keywords, new byte[4])));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_escaped_delimiter_inside_a_value_is_one_delimiter()
    {
        var keywords = FcsBuilder.Keywords("F", "1,2,3,4", 1, ("A/B", 32, "1"));

        var fcs = Write(FcsBuilder.Build(keywords, new byte[4]));

        Assert.Equal("A/B", fcs.DataSets[0].Channels[0].Name);
    }

    [Fact]
    public void Offsets_past_99999999_are_taken_from_TEXT_when_the_header_fields_are_zero()
    {
        var bytes = FcsBuilder.Build(FcsBuilder.Keywords("F", "1,2,3,4", 2, ("A", 32, "1")), new byte[8]);
        Encoding.ASCII.GetBytes("       0       0").CopyTo(bytes, 26);

        Assert.Equal(2, Write(bytes).DataSets[0].EventCount);
    }

    [Fact]
    public void The_f2_zero_rule_reads_a_log_channel_with_offset_1()
    {
        var keywords = FcsBuilder.Keywords("I", "1,2", 1, ("Log", 16, "1024"));
        keywords[^1] = ("$P1E", "4,0");
        var data = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(data, 512);

        var values = FcsEvents.ReadAll(Write(FcsBuilder.Build(keywords, data)), preprocess: true);

        Assert.Equal(100, values[0], 9);
    }
}
