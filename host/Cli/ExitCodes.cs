namespace Conduit.Host.Cli;

/// <summary>The documented exit codes of <c>conduit</c>.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The job (or the inspected file) failed: a stage threw, or the data is bad.</summary>
    public const int Failed = 1;

    /// <summary>The job file or the command line is invalid; nothing ran.</summary>
    public const int Invalid = 2;

    /// <summary>Cancelled by Ctrl+C (128 + SIGINT), as shells expect.</summary>
    public const int Cancelled = 130;
}
