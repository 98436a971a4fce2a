namespace Conduit.Abstractions.Memory;

/// <summary>What the host knows about a stage's surroundings when it asks for an estimate.</summary>
/// <param name="ChannelCapacity">Messages the stage's output channel can hold before the stage waits.</param>
/// <param name="BudgetBytes">The budget the stage will run under.</param>
public readonly record struct MemoryEstimationContext(int ChannelCapacity, long BudgetBytes)
{
    /// <summary>The job file's folder, which relative paths in options resolve against (null when unknown).</summary>
    public string? BaseDirectory { get; init; }
}
