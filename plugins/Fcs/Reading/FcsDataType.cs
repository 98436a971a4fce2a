namespace Conduit.Plugins.Fcs.Reading;

/// <summary><c>$DATATYPE</c>: how DATA stores each value.</summary>
public enum FcsDataType
{
    /// <summary>Unsigned integers of <c>$PnB</c> bits (I).</summary>
    Integer,

    /// <summary>IEEE 754 single precision (F).</summary>
    Float,

    /// <summary>IEEE 754 double precision (D).</summary>
    Double,

    /// <summary>ASCII digits, <c>$PnB</c> characters wide, or delimited when <c>$PnB</c> is <c>*</c> (A).</summary>
    Ascii,
}
