using Conduit.Abstractions.Errors;
using Conduit.Abstractions.Memory;

namespace Conduit.Fuzz;

/// <summary>
/// One parser entry point under fuzzing. <see cref="Run"/> takes one input all the way through, as <c>conduit
/// inspect</c> or a stage would (pixels and events included), and disposes everything it made. A clear data error
/// (<see cref="ConduitDataException"/>) or a budget that says no is the parser refusing the input; any other exception,
/// a hang, or more managed allocation than <see cref="Bound"/> allows is a finding.
/// </summary>
internal abstract class FuzzTarget
{
    /// <summary>Budget of the pools the target rents from: what a job would give the stage, small enough that an
    /// input cannot make the harness hold more.</summary>
    public const long BudgetBytes = 64L << 20;

    /// <summary>The name the command line and the corpus folder use.</summary>
    public abstract string Name { get; }

    /// <summary>What the target reads, for the list of targets and docs/fuzzing.md.</summary>
    public abstract string Description { get; }

    /// <summary>Most managed bytes one input may make the process allocate.</summary>
    public abstract AllocationBound Bound { get; }

    /// <summary>Runs one input through the parser.</summary>
    public abstract void Run(byte[] input);

    /// <summary>Whether <paramref name="error"/> is the parser refusing the input clearly.</summary>
    public virtual bool IsRefusal(Exception error) => error is ConduitDataException or MemoryBudgetExceededException;
}
