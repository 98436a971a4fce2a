namespace Conduit.Host.Execution;

/// <summary>What <c>conduit run --executor slurm</c> passes to <c>sbatch</c>.</summary>
/// <param name="Partition">The partition (<c>--partition</c>), or null for the cluster's default.</param>
/// <param name="Time">The time limit of each task (<c>--time</c>, Slurm's format), or null for the partition's.</param>
/// <param name="ResubmitFailed">Submit only the items that failed or were killed in the last submission.</param>
internal sealed record SlurmOptions(string? Partition, string? Time, bool ResubmitFailed);
