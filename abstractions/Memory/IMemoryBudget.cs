namespace Conduit.Abstractions.Memory;

/// <summary>
/// A limit in bytes that pools draw from. Budgets nest (job, then stage): a reservation in a child also counts
/// against every ancestor, so no stage can exceed its own limit nor the job's.
/// </summary>
public interface IMemoryBudget
{
    /// <summary>Name used in error messages (for example <c>job</c> or <c>stage 'fbp'</c>).</summary>
    string Name { get; }

    /// <summary>The limit in bytes.</summary>
    long LimitBytes { get; }

    /// <summary>Bytes currently reserved in this budget (including its children).</summary>
    long ReservedBytes { get; }

    /// <summary>The highest <see cref="ReservedBytes"/> has been.</summary>
    long PeakReservedBytes { get; }

    /// <summary>The budget this one draws from, or null for a root budget.</summary>
    IMemoryBudget? Parent { get; }

    /// <summary>Reserves <paramref name="bytes"/> if this budget and all its ancestors have room now.</summary>
    /// <exception cref="MemoryBudgetExceededException">The request is larger than this budget or an ancestor's limit,
    /// so it could never succeed.</exception>
    bool TryReserve(long bytes);

    /// <summary>Reserves <paramref name="bytes"/>, waiting for other reservations to be released.</summary>
    /// <exception cref="MemoryBudgetExceededException">The request could never succeed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled while waiting.</exception>
    ValueTask ReserveAsync(long bytes, CancellationToken cancellationToken = default);

    /// <summary>Gives back bytes reserved earlier, waking waiters.</summary>
    /// <exception cref="InvalidOperationException">More bytes are released than are reserved.</exception>
    void Release(long bytes);

    /// <summary>Creates a child budget whose reservations also count here.</summary>
    /// <param name="name">Name for error messages.</param>
    /// <param name="limitBytes">The child's own limit; may not exceed this budget's limit.</param>
    IMemoryBudget CreateChild(string name, long limitBytes);
}
