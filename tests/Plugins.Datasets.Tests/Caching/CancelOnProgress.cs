using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Stages;
using Microsoft.Extensions.Logging;

namespace Conduit.Plugins.Datasets.Tests.Caching;

/// <summary>A stage context that cancels the run as soon as the stage reports its first progress.</summary>
internal sealed class CancelOnProgress(IStageContext inner, CancellationTokenSource cancel) : IStageContext, IStageProgress
{
    public string StageId => inner.StageId;

    public string StageType => inner.StageType;

    public IBufferPool Pool => inner.Pool;

    public IMemoryBudget Budget => inner.Budget;

    public ILogger Logger => inner.Logger;

    public IStageProgress Progress => this;

    public IBufferPool GetPool(string name) => inner.GetPool(name);

    public string ResolvePath(string path) => inner.ResolvePath(path);

    public IOutputFile CreateOutputFile(string path) => inner.CreateOutputFile(path);

    public void SetTotal(long total, string unit) => inner.Progress.SetTotal(total, unit);

    public void Advance(long amount)
    {
        inner.Progress.Advance(amount);
        cancel.Cancel();
    }
}
