namespace Conduit.Host.Tests;

/// <summary>Where the tests find the built plugins, the fixture plugins, the repository and the built host.</summary>
internal static class TestPaths
{
    public static string Bin => AppContext.BaseDirectory;

    public static string Plugins => Path.Combine(Bin, "plugins");

    public static string Fixtures => Path.Combine(Bin, "fixtures");

    public static string RepoRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(Bin); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Host.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException($"no Host.sln above {Bin}");
        }
    }

    public static string Config => Path.Combine(RepoRoot, "config");

    /// <summary>conduit.dll as the host project built it (bin/&lt;Configuration&gt;/net10.0), with its plugins folder.</summary>
    public static string HostAssembly =>
        Path.Combine(RepoRoot, "host", "bin", new DirectoryInfo(Bin).Parent!.Name, "net10.0", "conduit.dll");
}
