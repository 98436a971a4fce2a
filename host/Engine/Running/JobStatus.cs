namespace Conduit.Engine.Running;

/// <summary>How a job run ended.</summary>
public enum JobStatus
{
    /// <summary>Every stage finished and every output was committed.</summary>
    Succeeded,

    /// <summary>A stage failed; the others were cancelled and no output was committed.</summary>
    Failed,

    /// <summary>The run was cancelled (Ctrl+C); no output was committed.</summary>
    Cancelled,
}
