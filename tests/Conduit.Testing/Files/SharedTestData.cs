using Xunit;

namespace Conduit.Testing.Files;

/// <summary>
/// The real third-party test files in <c>../shared/data</c> (beside the repository). A test that needs them calls
/// <see cref="Require"/>: it is skipped, with the reason, when they are absent, and fails when they are absent under
/// <c>CI=true</c>. <c>CONDUIT_SHARED_DATA</c> points elsewhere.
/// </summary>
public static class SharedTestData
{
    /// <summary>The folder <c>shared/data/<paramref name="relative"/></c>, or a skip (fail under CI).</summary>
    public static string Require(string relative)
    {
        var root = Find();
        var path = root is null ? null : Path.Combine(root, relative);
        if (path is not null && (Directory.Exists(path) || File.Exists(path)))
        {
            return path;
        }

        var reason = $"shared test data '{relative}' not found (looked for shared/data beside the repository and in CONDUIT_SHARED_DATA)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason + "; it must be present under CI=true");
        }

        Assert.Skip(reason);
        return null!;
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("CONDUIT_SHARED_DATA") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
