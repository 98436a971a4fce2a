using System.Diagnostics;
using Xunit;

namespace Conduit.Testing.Processes;

/// <summary>
/// Runs a script under Debian's <c>/usr/bin/python3</c>, for checks by an independent reader (numpy, nibabel, h5py).
/// <see cref="Require"/> skips a test, with the reason, when the modules are missing, and fails it under <c>CI=true</c>.
/// </summary>
public static class PythonScript
{
    /// <summary>Skips (or, under CI, fails) unless <c>/usr/bin/python3</c> can import every module.</summary>
    public static void Require(params string[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        var missing = modules.Where(m => !CanImport(m)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var reason = $"/usr/bin/python3 cannot import {string.Join(", ", missing)} (apt-get install {string.Join(' ', missing.Select(m => "python3-" + m))})";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason + "; it is required under CI=true");
        }

        Assert.Skip(reason);
    }

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/>; returns its standard output, and fails
    /// the test with its standard error when it exits non-zero.</summary>
    public static async Task<string> RunAsync(string script, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("-");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var python = Process.Start(start)!;
        await python.StandardInput.WriteAsync(script);
        python.StandardInput.Close();
        var output = python.StandardOutput.ReadToEndAsync();
        var error = python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, $"python3 exited {python.ExitCode}: {await error}");
        return await output;
    }

    private static bool CanImport(string module)
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            return false;
        }

        using var probe = Process.Start(new ProcessStartInfo("/usr/bin/python3", $"-c \"import {module}\"") { RedirectStandardError = true })!;
        probe.WaitForExit();
        return probe.ExitCode == 0;
    }
}
