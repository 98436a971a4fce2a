using Conduit.Abstractions.Messages;
using Conduit.Plugins.Example.Format;
using FsCheck;
using FsCheck.Fluent;

namespace Conduit.Plugins.Example.Tests.Format;

public sealed class FrameFileHeaderTests
{
    private static readonly FrameFileHeader Valid = new(PixelType.Float32, 4, 3, 2, 0.5, 0.5, 2);

    private static byte[] ValidBytes()
    {
        var bytes = new byte[FrameFileHeader.Size];
        Valid.Write(bytes);
        return bytes;
    }

    private static long DataLength => FrameFileHeader.Size + (2 * 4 * 3 * 4);

    [Fact]
    public void Round_trips()
    {
        Assert.Equal(Valid, FrameFileHeader.Parse(ValidBytes(), DataLength, "f.cfr"));
    }

    [Theory]
    [InlineData(0, "shorter than the 64-byte header")]
    [InlineData(63, "shorter than the 64-byte header")]
    public void A_truncated_header_is_reported(int length, string expected)
    {
        var error = Assert.Throws<ExampleDataException>(() => FrameFileHeader.Parse(ValidBytes().AsSpan(0, length), length, "f.cfr"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_count_the_file_cannot_hold_is_reported_not_trusted()
    {
        var bytes = ValidBytes();
        BitConverter.TryWriteBytes(bytes.AsSpan(24), ulong.MaxValue);

        var error = Assert.Throws<ExampleDataException>(() => FrameFileHeader.Parse(bytes, DataLength, "f.cfr"));

        Assert.Equal(24, error.Offset);
        Assert.Contains("18446744073709551615 frames of 48 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_pixel_type_is_reported_at_its_offset()
    {
        var bytes = ValidBytes();
        bytes[12] = 99;

        Assert.Equal(12, Assert.Throws<ExampleDataException>(() => FrameFileHeader.Parse(bytes, DataLength, "f.cfr")).Offset);
    }

    [Fact]
    public void Every_truncation_of_a_valid_file_is_a_data_error()
    {
        var bytes = ValidBytes();
        for (var length = 0; length < DataLength; length++)
        {
            var prefix = bytes[..Math.Min(length, bytes.Length)];
            var fileLength = length;
            Assert.Throws<ExampleDataException>(() => FrameFileHeader.Parse(prefix, fileLength, "f.cfr"));
        }
    }

    [FsCheck.Xunit.Property(MaxTest = 2000)]
    public bool Any_bytes_and_length_parse_or_give_a_data_error(byte[] bytes, long fileLength)
    {
        try
        {
            var header = FrameFileHeader.Parse(bytes, fileLength, "fuzz.cfr");
            return header.FrameCount >= 0 && (header.FrameCount * header.FrameBytes) == fileLength - FrameFileHeader.Size;
        }
        catch (ExampleDataException)
        {
            return true;
        }
    }

    [FsCheck.Xunit.Property(MaxTest = 2000)]
    public bool Corrupting_one_byte_of_a_valid_header_parses_or_gives_a_data_error(byte position, byte value)
    {
        var bytes = ValidBytes();
        bytes[position % FrameFileHeader.Size] = value;
        try
        {
            FrameFileHeader.Parse(bytes, DataLength, "fuzz.cfr");
            return true;
        }
        catch (ExampleDataException)
        {
            return true;
        }
    }

    [Fact]
    public void Generated_headers_survive_a_round_trip()
    {
        var headers =
            from type in Gen.Elements(Enum.GetValues<PixelType>())
            from width in Gen.Choose(1, 65536)
            from height in Gen.Choose(1, 65536)
            from count in Gen.Choose(0, 1000)
            select new FrameFileHeader(type, width, height, count, 1, 2, 3);

        Prop.ForAll(headers.ToArbitrary(), header =>
        {
            var bytes = new byte[FrameFileHeader.Size];
            header.Write(bytes);
            return FrameFileHeader.Parse(bytes, FrameFileHeader.Size + (header.FrameCount * header.FrameBytes), null) == header;
        }).QuickCheckThrowOnFailure();
    }
}
