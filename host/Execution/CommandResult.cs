namespace Conduit.Host.Execution;

/// <summary>What a command printed and how it exited.</summary>
internal sealed record CommandResult(int ExitCode, string Output, string Error);
