namespace Conduit.Plugins.Pulseq.Model;

/// <summary>One line of <c>[BLOCKS]</c>: the block's duration and the ids of its events (0: none).</summary>
/// <param name="Id">The block's id as written.</param>
/// <param name="DurationPs">Duration in picoseconds (v1.2/1.3: the longest of its events, delays included).</param>
/// <param name="Rf">RF event id.</param>
/// <param name="Gx">Gradient id on x.</param>
/// <param name="Gy">Gradient id on y.</param>
/// <param name="Gz">Gradient id on z.</param>
/// <param name="Adc">ADC event id.</param>
/// <param name="Extension">First entry of the block's extension list.</param>
/// <param name="Line">Line of the block in the file, for messages.</param>
public readonly record struct SeqBlock(int Id, long DurationPs, int Rf, int Gx, int Gy, int Gz, int Adc, int Extension, int Line)
{
    /// <summary>Gradient id of channel 0 (x), 1 (y) or 2 (z).</summary>
    public int Gradient(int axis) => axis switch { 0 => Gx, 1 => Gy, 2 => Gz, _ => throw new ArgumentOutOfRangeException(nameof(axis)) };

    /// <summary>Whether the block has an RF, gradient or ADC event.</summary>
    public bool HasEvents => (Rf | Gx | Gy | Gz | Adc) != 0;
}
