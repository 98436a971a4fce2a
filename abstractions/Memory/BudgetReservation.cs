namespace Conduit.Abstractions.Memory;

/// <summary>
/// Memory a stage holds outside the pools (parse structures, a sample it keeps, a picture it renders), reserved from
/// its budget before it is allocated and given back together when this is disposed. With it every byte a stage holds
/// counts against the budget, not only its leases: <c>await using var held = new BudgetReservation(context.Budget);
/// await held.AddAsync(bytes, ct);</c> then allocate.
/// </summary>
public sealed class BudgetReservation : IAsyncDisposable, IDisposable
{
    private readonly IMemoryBudget _budget;
    private long _bytes;

    /// <summary>An empty reservation in <paramref name="budget"/>.</summary>
    public BudgetReservation(IMemoryBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        _budget = budget;
    }

    /// <summary>Bytes reserved so far.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Reserves <paramref name="bytes"/> more, waiting for room as <see cref="IMemoryBudget.ReserveAsync"/>
    /// does.</summary>
    /// <exception cref="MemoryBudgetExceededException">The budget can never hold that much.</exception>
    public async ValueTask AddAsync(long bytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ObjectDisposedException.ThrowIf(_bytes < 0, this);
        await _budget.ReserveAsync(bytes, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _bytes, bytes);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var held = Interlocked.Exchange(ref _bytes, -1);
        if (held > 0)
        {
            _budget.Release(held);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
