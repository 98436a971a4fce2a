namespace Conduit.Engine.Memory;

/// <summary>Something that holds budget reserved ahead of need (a pool's per-core caches) and gives it back on demand.</summary>
internal interface IBudgetCache
{
    /// <summary>Releases every idle reservation to the budget; returns the bytes released.</summary>
    long Flush();
}
