using System.Diagnostics;
using Conduit.Abstractions.Stages;

namespace Conduit.Engine.Running;

/// <summary>One stage's progress, written by the stage and read by the display. Thread-safe.</summary>
public sealed class StageProgress : IStageProgress
{
    private long _total = -1;
    private long _done;
    private string _unit = "items";
    private int _status;
    private long _startedAt;
    private long _finishedAt;

    /// <summary>Creates the progress of stage <paramref name="stageId"/>.</summary>
    public StageProgress(string stageId, string stageType)
    {
        StageId = stageId;
        StageType = stageType;
    }

    /// <summary>The stage's id.</summary>
    public string StageId { get; }

    /// <summary>The stage's type name.</summary>
    public string StageType { get; }

    /// <summary>Total work, or null while unknown.</summary>
    public long? Total => Volatile.Read(ref _total) is var total and >= 0 ? total : null;

    /// <summary>Work done.</summary>
    public long Done => Volatile.Read(ref _done);

    /// <summary>What is counted.</summary>
    public string Unit => Volatile.Read(ref _unit);

    /// <summary>Where the stage is.</summary>
    public StageStatus Status => (StageStatus)Volatile.Read(ref _status);

    /// <summary>Time since the stage started (up to its end).</summary>
    public TimeSpan Elapsed => Volatile.Read(ref _startedAt) is var start and > 0
        ? Stopwatch.GetElapsedTime(start, Volatile.Read(ref _finishedAt) is var end and > 0 ? end : Stopwatch.GetTimestamp())
        : TimeSpan.Zero;

    /// <inheritdoc />
    public void SetTotal(long total, string unit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        ArgumentException.ThrowIfNullOrWhiteSpace(unit);
        Volatile.Write(ref _unit, unit);
        Volatile.Write(ref _total, total);
    }

    /// <inheritdoc />
    public void Advance(long amount = 1) => Interlocked.Add(ref _done, amount);

    internal void SetStatus(StageStatus status)
    {
        if (status == StageStatus.Running)
        {
            Volatile.Write(ref _startedAt, Stopwatch.GetTimestamp());
        }
        else if (status != StageStatus.Pending)
        {
            Volatile.Write(ref _finishedAt, Stopwatch.GetTimestamp());
        }

        Volatile.Write(ref _status, (int)status);
    }
}
