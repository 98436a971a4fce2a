using Conduit.Abstractions.Errors;

namespace Conduit.Abstractions.Tests.Errors;

public sealed class ConduitDataExceptionTests
{
    [Fact]
    public void The_message_starts_with_the_file_and_the_place()
    {
        var error = new ConduitDataException("/data/G11.fcs", "HEADER says DATA starts at 5555, TEXT $BEGINDATA says 6081", offset: 58);

        Assert.Equal("G11.fcs at byte 58: HEADER says DATA starts at 5555, TEXT $BEGINDATA says 6081", error.Message);
        Assert.Equal(58, error.Offset);
    }

    [Fact]
    public void Text_formats_name_the_line()
    {
        Assert.Equal("a.seq line 12: expected 7 numbers, found 6", new ConduitDataException("a.seq", "expected 7 numbers, found 6", line: 12).Message);
    }
}
