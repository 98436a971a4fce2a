namespace Conduit.Fuzz;

/// <summary>What the harness itself counts as a finding besides an unexpected exception (for AFL++ a crash).</summary>
internal sealed class FuzzFinding(string message) : Exception(message);
