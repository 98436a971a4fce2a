namespace Conduit.Tests;

/// <summary>
/// The real third-party test files the repository carries in <c>tests/data</c> (each folder with its SOURCES.md and
/// LICENSES.md). They are part of every clone, so a test that cannot find them fails rather than skips.
/// </summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The folder <c>tests/data</c> of the clone these tests were built from.</summary>
    public static string RootFolder => Root.Value;

    /// <summary>The folder or file <c>tests/data/<paramref name="relative"/></c>; fails the test when it is missing.</summary>
    public static string Folder(string relative)
    {
        var path = Path.Combine(Root.Value, relative);
        Assert.True(Directory.Exists(path) || File.Exists(path), $"test data '{relative}' is missing from {Root.Value}; it is part of the repository");
        return path;
    }

    /// <summary>The repository root: the nearest folder above the test assembly that holds <c>Host.sln</c>.</summary>
    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(Root.Value, "..", ".."));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Host.sln")) && Directory.Exists(Path.Combine(directory.FullName, "tests", "data")))
            {
                return Path.Combine(directory.FullName, "tests", "data");
            }
        }

        throw new DirectoryNotFoundException($"no folder above {AppContext.BaseDirectory} holds Host.sln and tests/data");
    }
}
