using Conduit.Host.Cli;

namespace Conduit.Host.Tests;

/// <summary>Runs the CLI in this process with the bundled plugins, capturing its output.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ConduitCli.RunAsync([.. args, "--plugins", TestPaths.Plugins], output, error, handleCtrlC: false, TestContext.Current.CancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
