namespace Conduit.Plugins.Pulseq.Model;

/// <summary>
/// An entry of <c>[GRADIENTS]</c>. With the default time raster (time id 0) the shape's samples lie at the centres of
/// the gradient raster cells and <see cref="First"/>/<see cref="Last"/> at the two edges; with time id -1 the shape is
/// sampled every half raster (oversampled); otherwise a time shape gives each sample's time in raster units.
/// </summary>
public sealed record ArbitraryGradient(int Id, double Amplitude, double First, double Last, int ShapeId, int TimeShapeId, long DelayPs, double[] Waveform, double[]? TimePoints, long RasterPs)
    : GradientEvent(Id, Amplitude, DelayPs)
{
    /// <inheritdoc />
    public override long DurationPs => TimeShapeId switch
    {
        0 => Waveform.Length * RasterPs,
        -1 => (Waveform.Length + 1) * RasterPs / 2,
        _ => (long)Math.Round(TimePoints![^1] * RasterPs),
    };

    /// <inheritdoc />
    public override (double[] Times, double[] Values) Corners
    {
        get
        {
            var raster = RasterPs * 1e-12;
            var n = Waveform.Length;
            if (TimeShapeId > 0)
            {
                var times = new double[n];
                var values = new double[n];
                for (var i = 0; i < n; i++)
                {
                    times[i] = TimePoints![i] * raster;
                    values[i] = Waveform[i] * Amplitude;
                }

                return (times, values);
            }

            // Default and oversampled rasters: the samples sit at cell centres (or every half cell), First and Last
            // at the two edges.
            var step = TimeShapeId == 0 ? raster : raster / 2;
            var t = new double[n + 2];
            var v = new double[n + 2];
            v[0] = First;
            for (var i = 0; i < n; i++)
            {
                t[i + 1] = TimeShapeId == 0 ? (i + 0.5) * step : (i + 1) * step;
                v[i + 1] = Waveform[i] * Amplitude;
            }

            t[n + 1] = DurationPs * 1e-12;
            v[n + 1] = Last;
            return (t, v);
        }
    }
}
