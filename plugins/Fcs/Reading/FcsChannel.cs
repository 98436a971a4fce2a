namespace Conduit.Plugins.Fcs.Reading;

/// <summary>One parameter (channel) of a data set, from its <c>$Pn*</c> keywords.</summary>
/// <param name="Number">n, from 1.</param>
/// <param name="Name"><c>$PnN</c> (or <c>Pn</c> when the file omits it).</param>
/// <param name="Label"><c>$PnS</c>, if any.</param>
/// <param name="Bits"><c>$PnB</c> as written (a number, or <c>*</c> for delimited ASCII).</param>
/// <param name="Width">Bytes each value takes in DATA (0 for delimited ASCII).</param>
/// <param name="Range"><c>$PnR</c>, if it is a number.</param>
/// <param name="Mask">For integers: the bits that hold the value (from <c>$PnR</c>), others are cleared.</param>
/// <param name="Decades"><c>$PnE</c> f1: decades of a log amplifier (0 for linear).</param>
/// <param name="LogOffset"><c>$PnE</c> f2 (read as 1 when f1 &gt; 0 and f2 = 0).</param>
/// <param name="Gain"><c>$PnG</c>, if any.</param>
/// <param name="Type">How this channel's values are stored: <c>$DATATYPE</c>, or the channel's own
/// <c>$PnDATATYPE</c> (FCS 3.2 lets float channels sit beside integer ones).</param>
public sealed record FcsChannel(int Number, string Name, string? Label, string Bits, int Width, double? Range, ulong Mask, double Decades, double LogOffset, double? Gain, FcsDataType Type);
