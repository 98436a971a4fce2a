namespace Conduit.Engine.Running;

/// <summary>How a job is run.</summary>
public sealed record JobRunSettings
{
    /// <summary>Whether pools recycle lease objects (turned off by tests to catch use after dispose).</summary>
    public bool RecycleLeaseObjects { get; init; } = true;

    /// <summary>
    /// Called when every stage has ended, before the job's pools are disposed: the host flushes its metrics here, so
    /// that even a short job's memory figures are exported before the pools stop reporting.
    /// </summary>
    public Action? BeforeMemoryReleased { get; init; }
}
