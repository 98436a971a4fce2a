namespace Conduit.Abstractions.Messages;

/// <summary>The element type of an <see cref="EventChunk"/>'s values.</summary>
public enum EventValueType
{
    /// <summary>IEEE 754 single precision, little endian.</summary>
    Float32,

    /// <summary>IEEE 754 double precision, little endian.</summary>
    Float64,
}
