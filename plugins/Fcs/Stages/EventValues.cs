namespace Conduit.Plugins.Fcs.Stages;

/// <summary>The element type of the event chunks a stage produces.</summary>
public enum EventValues
{
    /// <summary>float32: half the memory; exact for float32 and integer data up to 24 bits.</summary>
    Float32,

    /// <summary>float64: exact for every FCS data type.</summary>
    Float64,
}
