namespace Conduit.Abstractions.Memory;

/// <summary>Who owns the bytes behind a lease, and so what disposing the lease does.</summary>
public enum LeaseOwnership
{
    /// <summary>The bytes came from a pool; disposing returns them to it.</summary>
    Owned,

    /// <summary>The lease wraps memory that its creator still owns (zero copy); disposing only ends the view.</summary>
    Borrowed,

    /// <summary>The bytes are a view of a memory-mapped file; disposing unmaps the view.</summary>
    Mapped,
}
