namespace Conduit.Engine.Running;

/// <summary>How a job is run.</summary>
public sealed record JobRunSettings
{
    /// <summary>Whether pools recycle lease objects (turned off by tests to catch use after dispose).</summary>
    public bool RecycleLeaseObjects { get; init; } = true;

    /// <summary>
    /// Whether the managed and pinned pools cache budget per core for fast renting (docs/adr/0014). Off, every byte
    /// of the reported peak was lent to a lease, as tests that compare the peak with an estimate need.
    /// </summary>
    public bool CachePerCore { get; init; } = true;

    /// <summary>
    /// Called when every stage has ended, before the job's pools are disposed: the host flushes its metrics here, so
    /// that even a short job's memory figures are exported before the pools stop reporting.
    /// </summary>
    public Action? BeforeMemoryReleased { get; init; }
}
