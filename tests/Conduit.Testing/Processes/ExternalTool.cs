using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit;

namespace Conduit.Testing.Processes;

/// <summary>
/// A command-line tool or shared library from a Debian package that a test checks our output against: a skip naming
/// the package where it is missing, a failure under <c>CI=true</c> (CI installs it).
/// </summary>
public static class ExternalTool
{
    /// <summary>Skips (or, under CI, fails) unless <paramref name="tool"/> is on the PATH.</summary>
    public static void Require(string tool, string package)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, tool)));
        if (!found)
        {
            Missing($"{tool} is not installed (apt-get install {package})");
        }
    }

    /// <summary>Skips (or, under CI, fails) unless the shared library <paramref name="library"/> loads.</summary>
    public static void RequireLibrary(string library, string package)
    {
        if (!NativeLibrary.TryLoad(library, out var handle))
        {
            Missing($"{library} is not installed (apt-get install {package})");
        }

        NativeLibrary.Free(handle);
    }

    /// <summary>Runs <paramref name="tool"/> in <paramref name="folder"/>; returns its standard output, and fails the
    /// test with its standard error when it exits non-zero.</summary>
    public static async Task<string> RunAsync(string folder, string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}{output}");
        return output;
    }

    private static void Missing(string reason)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason + "; it is required under CI=true");
        }

        Assert.Skip(reason);
    }
}
