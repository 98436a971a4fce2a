namespace Conduit.Engine.Stages;

/// <summary>Whether a stage produces, transforms or consumes messages.</summary>
public enum StageShape
{
    /// <summary>Produces messages and reads none.</summary>
    Source,

    /// <summary>Reads one message type and writes another.</summary>
    Transform,

    /// <summary>Reads messages and writes none.</summary>
    Sink,
}
