using System.Numerics;

namespace Conduit.Engine.Memory;

/// <summary>
/// What a request costs a budget in each kind of pool: the one charge model the pools reserve by and the job validator
/// estimates with, so that an estimate and a run count the same bytes.
/// </summary>
internal static class PoolCharges
{
    /// <summary>Largest quantum a pool's stripe reserves at a time.</summary>
    public const long MaxCacheQuantum = 1 << 20;

    /// <summary>Smallest quantum worth caching; below it a pool reserves exactly.</summary>
    public const long MinCacheQuantum = 64 << 10;

    /// <summary>Per-core stripes of every pool on this machine.</summary>
    public static int Stripes { get; } = Math.Clamp(Environment.ProcessorCount, 1, 64);

    /// <summary>Threads of a pool that get their own slot: two per core, and at least 16 (a thread pool's usual size
    /// on a small machine).</summary>
    public static int ThreadSlots { get; } = Math.Max(2 * Stripes, 16);

    /// <summary>
    /// The quantum a managed or pinned pool on a budget of <paramref name="limitBytes"/> reserves at a time: a power of
    /// two of at most 1 MiB, small enough that all its caches together (<see cref="CacheSlack"/>) hold at most 1/16 of
    /// the budget idle; 0 (exact accounting) when that would be under 64 KiB.
    /// </summary>
    public static long CacheQuantum(long limitBytes)
    {
        var share = limitBytes / (16L * QuantaCached);
        return share < MinCacheQuantum ? 0 : Math.Min(MaxCacheQuantum, 1L << BitOperations.Log2((ulong)share));
    }

    /// <summary>Most budget a pool with <paramref name="quantum"/> holds idle: two quanta in each core's stripe, and a
    /// lease of at most one quantum in each thread slot.</summary>
    public static long CacheSlack(long quantum) => quantum * QuantaCached;

    private static long QuantaCached => (2L * Stripes) + ThreadSlots;

    /// <summary>The smallest array a managed pool hands out.</summary>
    public const int MinimumArrayBytes = 16;

    /// <summary>A managed pool: requests up to <paramref name="maxPooledArrayBytes"/> take the power-of-two array that
    /// serves them; larger ones take exact arrays.</summary>
    public static long Managed(long bytes, int maxPooledArrayBytes) =>
        bytes <= 0 ? 0
        : bytes <= maxPooledArrayBytes ? (long)BitOperations.RoundUpToPowerOf2((ulong)Math.Max(bytes, MinimumArrayBytes))
        : bytes;

    /// <summary>A pinned pool: at least one alignment unit; pooled blocks a power of two, larger ones whole units.</summary>
    public static long Pinned(long bytes, int alignment, long maxPooledBlockBytes)
    {
        var atLeastOneUnit = Math.Max(bytes, alignment);
        return atLeastOneUnit <= maxPooledBlockBytes
            ? (long)BitOperations.RoundUpToPowerOf2((ulong)atLeastOneUnit)
            : (atLeastOneUnit + alignment - 1) / alignment * alignment;
    }

    /// <summary>The <c>default</c> pool every job has (managed, default options): what stages and channels are charged
    /// when the validator estimates a job.</summary>
    public static long DefaultPool(long bytes) => Managed(bytes, new ManagedBufferPoolOptions().MaxPooledArrayBytes);
}
