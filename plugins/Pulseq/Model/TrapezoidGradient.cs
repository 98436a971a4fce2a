namespace Conduit.Plugins.Pulseq.Model;

/// <summary>An entry of <c>[TRAP]</c>: rise, flat top and fall in picoseconds.</summary>
public sealed record TrapezoidGradient(int Id, double Amplitude, long RisePs, long FlatPs, long FallPs, long DelayPs)
    : GradientEvent(Id, Amplitude, DelayPs)
{
    /// <inheritdoc />
    public override long DurationPs => RisePs + FlatPs + FallPs;

    /// <inheritdoc />
    public override (double[] Times, double[] Values) Corners
    {
        get
        {
            var rise = RisePs * 1e-12;
            var flat = FlatPs * 1e-12;
            var fall = FallPs * 1e-12;
            return ([0, rise, rise + flat, rise + flat + fall], [0, Amplitude, Amplitude, 0]);
        }
    }
}
