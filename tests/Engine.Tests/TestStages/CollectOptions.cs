namespace Conduit.Engine.Tests.TestStages;

public sealed class CollectOptions
{
    public int DelayMs { get; set; }

    /// <summary>Check that each message's bytes still carry its value.</summary>
    public bool Verify { get; set; } = true;

    /// <summary>Throw from Dispose, after the run.</summary>
    public bool ThrowOnDispose { get; set; }

    /// <summary>Stop reading (and return) after this many messages.</summary>
    public int? StopAfter { get; set; }
}
