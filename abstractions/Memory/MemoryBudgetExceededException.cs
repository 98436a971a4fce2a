namespace Conduit.Abstractions.Memory;

/// <summary>A request for memory that a budget or pool can never satisfy, however long it waits.</summary>
public sealed class MemoryBudgetExceededException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MemoryBudgetExceededException()
    {
    }

    /// <summary>Creates the exception with a message that names the budget and both sizes.</summary>
    public MemoryBudgetExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public MemoryBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Bytes that were asked for.</summary>
    public long RequestedBytes { get; init; }

    /// <summary>The limit that refused them.</summary>
    public long LimitBytes { get; init; }
}
