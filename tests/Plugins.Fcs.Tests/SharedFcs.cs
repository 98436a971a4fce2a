using Conduit.Testing.Files;

namespace Conduit.Plugins.Fcs.Tests;

/// <summary>The real FCS files of ../shared/data/fcs.</summary>
internal static class SharedFcs
{
    public static string File(string relative) => Path.Combine(SharedTestData.Require("fcs"), relative);
}
