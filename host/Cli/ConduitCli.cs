using System.CommandLine;
using Conduit.Host.Hosting;

namespace Conduit.Host.Cli;

/// <summary>The <c>conduit</c> command line: <c>run</c>, <c>validate</c>, <c>plugins</c>, <c>schema</c>, <c>inspect</c>.</summary>
public static class ConduitCli
{
    /// <summary>Parses <paramref name="args"/> and runs the command.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="handleCtrlC">Whether Ctrl+C and SIGTERM cancel the command (off for in-process tests).</param>
    /// <param name="cancellationToken">Cancels the command (as Ctrl+C does).</param>
    /// <returns>One of <see cref="ExitCodes"/>.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool handleCtrlC = true, CancellationToken cancellationToken = default)
    {
        var plugins = new Option<string[]>("--plugins") { Description = "Also load plugins from this folder (repeatable).", Recursive = true, AllowMultipleArgumentsPerToken = false };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log at debug level.", Recursive = true };
        var interactive = !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out);
        CliEnvironment Environment(ParseResult parse) =>
            new(output, error, new HostSettings(parse.GetValue(plugins) ?? [], parse.GetValue(verbose)), interactive, ownsProcess: handleCtrlC);

        var root = new RootCommand("Conduit: run jobs of plugin stages for instruments and scientific imaging.")
        {
            plugins,
            verbose,
            RunCommand.Create(Environment),
            ValidateCommand.Create(Environment),
            PluginsCommand.Create(Environment),
            SchemaCommand.Create(Environment),
            InspectCommand.Create(Environment),
            PlotCommand.Create(Environment),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync(problem.Message);
            }

            await error.WriteLineAsync("Run 'conduit --help' for usage.");
            return ExitCodes.Invalid;
        }

        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            ProcessTerminationTimeout = handleCtrlC ? TimeSpan.FromSeconds(30) : null,
        };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Cancelled;
        }
    }
}
