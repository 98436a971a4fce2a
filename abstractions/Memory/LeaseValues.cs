namespace Conduit.Abstractions.Memory;

/// <summary>One segment of a lease seen as values of <typeparamref name="T"/>: the values, and the index in the whole
/// lease of the first of them.</summary>
/// <typeparam name="T">The value type.</typeparam>
public readonly ref struct LeaseValues<T>
    where T : unmanaged
{
    internal LeaseValues(long index, Span<T> values)
    {
        Index = index;
        Values = values;
    }

    /// <summary>Index in the lease (in values, not bytes) of <see cref="Values"/>' first value.</summary>
    public long Index { get; }

    /// <summary>The segment's values.</summary>
    public Span<T> Values { get; }
}
