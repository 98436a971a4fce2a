namespace Conduit.Plugins.Fcs.Writing;

/// <summary>How <see cref="FcsWriter"/> stores values.</summary>
public enum FcsWriteFormat
{
    /// <summary><c>$DATATYPE F</c>, 32 bits: exact for float32 input (the default).</summary>
    Float32,

    /// <summary><c>$DATATYPE I</c>, 16 bits, <c>$PnR</c> 65536: values rounded and clamped to 0..65535.</summary>
    Int16,

    /// <summary><c>$DATATYPE I</c>, 32 bits, <c>$PnR</c> 4294967296: values rounded and clamped to 0..4294967295.</summary>
    Int32,
}
