using System.ComponentModel.DataAnnotations;

namespace Conduit.Engine.Tests.TestStages;

public sealed class WriteOptions
{
    [Required]
    public string Path { get; set; } = string.Empty;
}
