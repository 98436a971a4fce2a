using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Stages;
using Conduit.Engine.Outputs;
using Microsoft.Extensions.Logging;

namespace Conduit.Engine.Running;

/// <summary>The host's <see cref="IStageContext"/>.</summary>
public sealed class StageContext : IStageContext
{
    private readonly Func<string, IBufferPool> _pools;
    private readonly OutputFileSet _outputs;
    private readonly string _baseDirectory;

    /// <summary>Creates a context for one stage of a run.</summary>
    public StageContext(
        string stageId,
        string stageType,
        IBufferPool pool,
        IMemoryBudget budget,
        Func<string, IBufferPool> pools,
        ILogger logger,
        IStageProgress progress,
        OutputFileSet outputs,
        string baseDirectory)
    {
        StageId = stageId;
        StageType = stageType;
        Pool = pool;
        Budget = budget;
        _pools = pools;
        Logger = logger;
        Progress = progress;
        _outputs = outputs;
        _baseDirectory = baseDirectory;
    }

    /// <inheritdoc />
    public string StageId { get; }

    /// <inheritdoc />
    public string StageType { get; }

    /// <inheritdoc />
    public IBufferPool Pool { get; }

    /// <inheritdoc />
    public IMemoryBudget Budget { get; }

    /// <inheritdoc />
    public ILogger Logger { get; }

    /// <inheritdoc />
    public IStageProgress Progress { get; }

    /// <summary>Creates the context of <paramref name="stageId"/> from a job's memory.</summary>
    internal static StageContext ForJob(string stageId, string stageType, JobMemory memory, ILogger logger, IStageProgress progress, OutputFileSet outputs, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var (budget, pool) = memory.ForStage(stageId);
        return new StageContext(stageId, stageType, pool, budget, memory.GetPool, logger, progress, outputs, baseDirectory);
    }

    /// <inheritdoc />
    public IBufferPool GetPool(string name) => name == Jobs.JobValidator.DefaultPoolName ? Pool : _pools(name);

    /// <inheritdoc />
    public string ResolvePath(string path) => Path.GetFullPath(path, _baseDirectory);

    /// <inheritdoc />
    public IOutputFile CreateOutputFile(string path) => _outputs.Create(ResolvePath(path));
}
