namespace Conduit.Fuzz;

/// <summary>The most managed memory one input may make a target allocate: <see cref="PerInputByte"/> bytes for each
/// byte of input plus <see cref="FixedBytes"/>. A parser that trusts a length field breaks it at once.</summary>
internal readonly record struct AllocationBound(long PerInputByte, long FixedBytes)
{
    /// <summary>The bound for an input of <paramref name="inputBytes"/>.</summary>
    public long For(long inputBytes) => (PerInputByte * inputBytes) + FixedBytes;

    /// <inheritdoc />
    public override string ToString() => $"{PerInputByte} × input + {FixedBytes >> 20} MiB";
}
