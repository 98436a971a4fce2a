using Conduit.Tests;

namespace Conduit.Plugins.Fcs.Tests;

/// <summary>The real FCS files of tests/data/fcs.</summary>
internal static class SharedFcs
{
    public static string File(string relative) => Path.Combine(TestData.Folder("fcs"), relative);
}
