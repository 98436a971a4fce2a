using Conduit.Host.Plugins;

namespace Conduit.Host.Tests.Plugins;

public sealed class AbstractionsCompatibilityTests
{
    [Theory]
    [InlineData("0.1.0.0", "0.1.0.0")]
    [InlineData("0.1.0.0", "0.3.2.0")]
    [InlineData("2.0.0.0", "2.5.0.0")]
    public void Same_major_and_an_older_or_equal_minor_is_compatible(string built, string host)
    {
        Assert.Null(AbstractionsCompatibility.Check(Version.Parse(built), Version.Parse(host)));
    }

    [Fact]
    public void Another_major_is_refused_naming_both_versions()
    {
        Assert.Equal(
            "built against Conduit.Abstractions 1.0.0, but this host has Conduit.Abstractions 0.1.0: the major versions must be equal",
            AbstractionsCompatibility.Check(new Version(1, 0, 0, 0), new Version(0, 1, 0, 0)));
    }

    [Fact]
    public void A_newer_minor_is_refused()
    {
        Assert.Contains("needs a newer minor version", AbstractionsCompatibility.Check(new Version(0, 2, 0, 0), new Version(0, 1, 0, 0)), StringComparison.Ordinal);
    }
}
