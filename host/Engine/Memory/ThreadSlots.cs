using System.Runtime.CompilerServices;

namespace Conduit.Engine.Memory;

/// <summary>
/// Each thread's map from pool to <see cref="ThreadSlot"/>: the slot it used last, then a few direct-mapped entries, so
/// finding the slot of the pool a thread keeps using costs a thread-static read and one comparison.
/// </summary>
internal static class ThreadSlots
{
    private const int Entries = 16;

    [ThreadStatic]
    private static ThreadSlot? t_last;

    [ThreadStatic]
    private static ThreadSlot?[]? t_slots;

    /// <summary>This thread's slot of the pool with <paramref name="poolId"/>, or null if it has none here.</summary>
    public static ThreadSlot? Find(BufferPool pool, int poolId)
    {
        var last = t_last;
        return last is not null && ReferenceEquals(last.Pool, pool) ? last : FindInTable(pool, poolId);
    }

    /// <summary>Remembers <paramref name="slot"/> as this thread's slot of the pool with <paramref name="poolId"/>.</summary>
    public static void Remember(int poolId, ThreadSlot slot)
    {
        (t_slots ??= new ThreadSlot?[Entries])[poolId & (Entries - 1)] = slot;
        t_last = slot;
    }

    // Kept out of line: a thread that alternates between pools pays one call more, one that stays with a pool nothing.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ThreadSlot? FindInTable(BufferPool pool, int poolId)
    {
        var slot = t_slots?[poolId & (Entries - 1)];
        if (slot is null || !ReferenceEquals(slot.Pool, pool))
        {
            return null;
        }

        t_last = slot;
        return slot;
    }
}
