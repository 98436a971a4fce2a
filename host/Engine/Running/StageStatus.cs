namespace Conduit.Engine.Running;

/// <summary>Where a stage is in its run.</summary>
public enum StageStatus
{
    /// <summary>Not started.</summary>
    Pending,

    /// <summary>Running.</summary>
    Running,

    /// <summary>Finished without error.</summary>
    Succeeded,

    /// <summary>Threw an error.</summary>
    Failed,

    /// <summary>Stopped because the job was cancelled or another stage failed.</summary>
    Cancelled,
}
