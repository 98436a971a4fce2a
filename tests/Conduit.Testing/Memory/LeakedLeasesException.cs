namespace Conduit.Testing.Memory;

/// <summary>Thrown when a <see cref="LeakCheckingPool"/> is disposed with leases still out; names where each was rented.</summary>
public sealed class LeakedLeasesException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LeakedLeasesException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LeakedLeasesException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public LeakedLeasesException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
