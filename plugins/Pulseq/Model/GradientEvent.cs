namespace Conduit.Plugins.Pulseq.Model;

/// <summary>A gradient of <c>[GRADIENTS]</c> or <c>[TRAP]</c> (their ids share one space). Amplitudes in Hz/m.</summary>
public abstract record GradientEvent(int Id, double Amplitude, long DelayPs)
{
    /// <summary>Duration of the waveform, without its delay.</summary>
    public abstract long DurationPs { get; }

    /// <summary>
    /// The waveform as corner points (time in seconds from the event's start, amplitude in Hz/m), linear between
    /// them and zero outside. Trapezoids give their four corners; arbitrary gradients their edge and raster points.
    /// </summary>
    public abstract (double[] Times, double[] Values) Corners { get; }

    /// <summary>The gradient's area (Hz/m × s): the integral of <see cref="Corners"/>.</summary>
    public double Area
    {
        get
        {
            var (t, v) = Corners;
            double area = 0;
            for (var i = 1; i < t.Length; i++)
            {
                area += (t[i] - t[i - 1]) * (v[i] + v[i - 1]) / 2;
            }

            return area;
        }
    }
}
