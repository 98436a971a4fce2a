using System.Diagnostics;

namespace Conduit.Host.Tests.Jobs;

/// <summary>The single-node Slurm of <c>.ci/local-slurm.sh</c>: a skip without it, a failure without it under CI.</summary>
internal static class LocalSlurm
{
    public static void Require()
    {
        string? reason = null;
        try
        {
            using var sinfo = Process.Start(new ProcessStartInfo("sinfo", "-h -o %t") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var states = sinfo.StandardOutput.ReadToEnd();
            sinfo.WaitForExit();
            if (sinfo.ExitCode != 0 || !states.Split('\n').Any(s => s.Trim() is "idle" or "mix" or "alloc"))
            {
                reason = $"Slurm answers but has no usable node ({states.Trim()})";
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            reason = "Slurm is not installed (no sinfo)";
        }

        if (reason is null)
        {
            return;
        }

        reason += "; start it with `.ci/local-slurm.sh start` (needs root and Debian's slurm-wlm and munge)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason + "; it must run under CI=true");
        }

        Assert.Skip(reason);
    }

    public static async Task<string> RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return output.Trim();
    }
}
