using System.Text.Json;
using Conduit.Abstractions.Memory;

namespace Conduit.Abstractions.Tests.Memory;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("512", 512L)]
    [InlineData("64 KiB", 65536L)]
    [InlineData("64KiB", 65536L)]
    [InlineData("2 GiB", 2147483648L)]
    [InlineData("1.5 MiB", 1572864L)]
    [InlineData("1 TiB", 1099511627776L)]
    [InlineData("3 MB", 3000000L)]
    [InlineData("3 kB", 3000L)]
    [InlineData(" 7 B ", 7L)]
    public void Parses_binary_and_decimal_units(string text, long bytes)
    {
        Assert.Equal(bytes, ByteSize.Parse(text).Bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("-1 MiB")]
    [InlineData("1.5")]
    [InlineData("0.3 B")]
    [InlineData("99999999999 TiB")]
    [InlineData("1 mib")]
    public void Refuses_what_is_not_a_size(string text)
    {
        Assert.False(ByteSize.TryParse(text, out _));
        Assert.Contains("for example \"64 MiB\"", Assert.Throws<FormatException>(() => ByteSize.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1536L, "1.5 KiB")]
    [InlineData(67108864L, "64 MiB")]
    public void Formats_with_the_largest_fitting_binary_unit(long bytes, string text)
    {
        Assert.Equal(text, new ByteSize(bytes).ToString());
    }

    [FsCheck.Xunit.Property]
    public bool Formatting_whole_units_parses_back(byte mebibytes) =>
        ByteSize.Parse(ByteSize.FromMebibytes(mebibytes).ToString()) == ByteSize.FromMebibytes(mebibytes);

    [Fact]
    public void Reads_from_json_numbers_and_strings_and_explains_bad_values()
    {
        Assert.Equal(1024, JsonSerializer.Deserialize<ByteSize>("1024").Bytes);
        Assert.Equal(1 << 20, JsonSerializer.Deserialize<ByteSize>("\"1 MiB\"").Bytes);
        Assert.Equal("\"64 MiB\"", JsonSerializer.Serialize(ByteSize.FromMebibytes(64)));
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ByteSize>("\"huge\""));
        Assert.Equal("expected a size such as \"64 MiB\", found \"huge\"", error.Message);
    }
}
