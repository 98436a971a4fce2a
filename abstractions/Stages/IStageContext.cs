using Conduit.Abstractions.Memory;
using Microsoft.Extensions.Logging;

namespace Conduit.Abstractions.Stages;

/// <summary>What the host gives a running stage: its memory, its logger, progress and output files.</summary>
public interface IStageContext
{
    /// <summary>The stage's id in the job (<c>fbp</c>).</summary>
    string StageId { get; }

    /// <summary>The stage's registered type name (<c>recon.fbp</c>).</summary>
    string StageType { get; }

    /// <summary>The stage's default pool (managed memory under the stage's budget).</summary>
    IBufferPool Pool { get; }

    /// <summary>A pool declared in the job's <c>memory.pools</c> section, or for <c>default</c> the stage's own default
    /// pool (<see cref="Pool"/>), so that a stage can pass its pool option straight through.</summary>
    /// <exception cref="KeyNotFoundException">No pool has that name; the message lists the declared ones.</exception>
    IBufferPool GetPool(string name);

    /// <summary>The budget the stage's pools draw from.</summary>
    IMemoryBudget Budget { get; }

    /// <summary>Logger named after the stage.</summary>
    ILogger Logger { get; }

    /// <summary>Progress of the stage, shown per stage by the host.</summary>
    IStageProgress Progress { get; }

    /// <summary>Resolves a path from the job file: relative paths are relative to the job file's folder.</summary>
    string ResolvePath(string path);

    /// <summary>
    /// Creates an output file that is written under a temporary name and gets its final name only when the whole job
    /// succeeds, so that a failed or cancelled job leaves no file that looks complete.
    /// </summary>
    /// <param name="path">The final path; relative paths resolve against the job file.</param>
    IOutputFile CreateOutputFile(string path);
}
