namespace Conduit.Engine.Jobs;

/// <summary>A job file as read, before its stage types and options are checked.</summary>
/// <param name="Name">The job's name.</param>
/// <param name="Memory">Budget and named pools.</param>
/// <param name="ChannelCapacity">Messages a channel between two stages holds before the producer waits.</param>
/// <param name="Stages">The stages, in file order.</param>
public sealed record JobDefinition(string Name, MemoryDefinition Memory, int ChannelCapacity, IReadOnlyList<StageDefinition> Stages)
{
    /// <summary>Default channel capacity: enough to overlap a producer and a consumer, small enough to bound memory.</summary>
    public const int DefaultChannelCapacity = 2;

    /// <summary>The job's work items, or null when it runs as one.</summary>
    public WorkItemsDefinition? WorkItems { get; init; }
}
