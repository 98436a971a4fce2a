namespace Conduit.Engine.Tests.TestStages;

public sealed class CollectOptions
{
    public int DelayMs { get; set; }

    /// <summary>Check that each message's bytes still carry its value.</summary>
    public bool Verify { get; set; } = true;
}
