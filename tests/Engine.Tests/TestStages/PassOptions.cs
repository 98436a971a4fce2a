namespace Conduit.Engine.Tests.TestStages;

public sealed class PassOptions
{
    public int? FailAt { get; set; }

    /// <summary>Stop reading (and return) after this many messages.</summary>
    public int? StopAfter { get; set; }

    /// <summary>Add this to every value.</summary>
    public int Add { get; set; }
}
