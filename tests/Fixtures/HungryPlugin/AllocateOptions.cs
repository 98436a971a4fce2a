namespace Conduit.Fixtures.Hungry;

/// <summary>Options of <c>hungry.allocate</c>.</summary>
public sealed class AllocateOptions
{
    /// <summary>MiB to allocate and hold.</summary>
    public int Megabytes { get; set; } = 1024;
}
