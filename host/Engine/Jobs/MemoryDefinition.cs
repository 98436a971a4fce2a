using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Jobs;

/// <summary>The job's <c>memory</c> section.</summary>
/// <param name="Budget">The job's memory budget.</param>
/// <param name="Pools">Named pools, by name.</param>
public sealed record MemoryDefinition(ByteSize Budget, IReadOnlyDictionary<string, PoolDefinition> Pools)
{
    /// <summary>Budget when a job names none.</summary>
    public static ByteSize DefaultBudget { get; } = ByteSize.FromGibibytes(1);
}
