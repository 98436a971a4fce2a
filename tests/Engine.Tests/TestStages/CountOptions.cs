using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Engine.Tests.TestStages;

public sealed class CountOptions
{
    [Range(0, 1_000_000)]
    public int Count { get; set; } = 10;

    /// <summary>Bytes rented for each message (0 for none).</summary>
    public int Bytes { get; set; } = 1024;

    public int? FailAt { get; set; }

    public int DelayMs { get; set; }

    [PoolName]
    public string? Pool { get; set; }
}
