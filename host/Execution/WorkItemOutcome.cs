namespace Conduit.Host.Execution;

/// <summary>How one work item ended.</summary>
/// <param name="Item">The item's number.</param>
/// <param name="Name">Its short name (the varying value's file name).</param>
/// <param name="ExitCode">The exit code of its run (0 done, 1 failed, 2 invalid), or null when it left none (killed).</param>
/// <param name="Detail">What it wrote, or why it failed; for cluster items, the end of its log.</param>
internal sealed record WorkItemOutcome(int Item, string Name, int? ExitCode, string Detail)
{
    public bool Succeeded => ExitCode == 0;
}
