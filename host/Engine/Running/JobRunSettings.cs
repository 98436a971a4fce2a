namespace Conduit.Engine.Running;

/// <summary>How a job is run.</summary>
public sealed record JobRunSettings
{
    /// <summary>Whether pools recycle lease objects (turned off by tests to catch use after dispose).</summary>
    public bool RecycleLeaseObjects { get; init; } = true;
}
