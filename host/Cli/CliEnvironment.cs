using Conduit.Host.Hosting;
using Spectre.Console;

namespace Conduit.Host.Cli;

/// <summary>Where a command writes and how it builds its host; one per invocation.</summary>
public sealed class CliEnvironment
{
    /// <summary>Creates the environment for writers <paramref name="output"/> and <paramref name="error"/>.</summary>
    public CliEnvironment(TextWriter output, TextWriter error, HostSettings settings, bool interactive, bool ownsProcess = false)
    {
        OwnsProcess = ownsProcess;
        Output = output;
        Error = error;
        Settings = settings;
        Interactive = interactive;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive)
        {
            Console.Profile.Width = 160;
        }
    }

    /// <summary>Whether the command runs in a process of its own (the <c>conduit</c> executable), so that it may set
    /// process-wide limits such as the managed heap's; false when the CLI runs inside another program (tests).</summary>
    public bool OwnsProcess { get; }

    /// <summary>Standard output.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error: problems and warnings.</summary>
    public TextWriter Error { get; }

    /// <summary>Spectre console over <see cref="Output"/>.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Plugin folders and verbosity from the command line.</summary>
    public HostSettings Settings { get; }

    /// <summary>True on a terminal: live progress bars and colours; false when output is redirected: plain lines.</summary>
    public bool Interactive { get; }
}
