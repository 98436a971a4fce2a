using System.Diagnostics;

namespace Conduit.Fuzz.Tests;

/// <summary>Runs the fuzzing harness as its own process (so that its allocation bounds see only its own work).</summary>
internal static class FuzzHarness
{
    /// <summary>Replays <paramref name="inputs"/> through <paramref name="target"/>; returns the exit code (0 when
    /// nothing was a finding) and what it printed, one line per input.</summary>
    public static async Task<(int ExitCode, string Output)> ReplayAsync(string target, IEnumerable<string> inputs)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Conduit.Fuzz.dll"));
        start.ArgumentList.Add(target);
        start.ArgumentList.Add("--replay");
        foreach (var input in inputs)
        {
            start.ArgumentList.Add(input);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await errors);
    }
}
