namespace Conduit.Engine.Memory;

/// <summary>
/// Each thread's map from pool to <see cref="ThreadSlot"/>: a few direct-mapped entries, so finding the slot of the
/// pool a thread is using costs a thread-static read and one comparison.
/// </summary>
internal static class ThreadSlots
{
    private const int Entries = 16;

    [ThreadStatic]
    private static ThreadSlot?[]? t_slots;

    /// <summary>This thread's slot of the pool with <paramref name="poolId"/>, or null if it has none here.</summary>
    public static ThreadSlot? Find(BufferPool pool, int poolId)
    {
        var slot = t_slots?[poolId & (Entries - 1)];
        return slot is not null && ReferenceEquals(slot.Pool, pool) ? slot : null;
    }

    /// <summary>Remembers <paramref name="slot"/> as this thread's slot of the pool with <paramref name="poolId"/>.</summary>
    public static void Remember(int poolId, ThreadSlot slot) => (t_slots ??= new ThreadSlot?[Entries])[poolId & (Entries - 1)] = slot;
}
