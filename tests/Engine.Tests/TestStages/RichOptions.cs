using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Tests.TestStages;

public enum Mode
{
    Fast,
    RamLak,
}

/// <summary>Options of every JSON kind, for binder and schema tests.</summary>
public sealed class RichOptions
{
    /// <summary>How many.</summary>
    [Range(1, 100)]
    public int Count { get; set; } = 1;

    /// <summary>A required name.</summary>
    [Required]
    public string Name { get; set; } = string.Empty;

    public Mode Mode { get; set; } = Mode.Fast;

    public ByteSize Chunk { get; set; } = ByteSize.FromMebibytes(1);

    public double Ratio { get; set; } = 0.5;

    public List<string> Tags { get; set; } = [];
}
