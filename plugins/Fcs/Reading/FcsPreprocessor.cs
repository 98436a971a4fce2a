namespace Conduit.Plugins.Fcs.Reading;

/// <summary>
/// Turns raw values into scale values, per channel, the way FCS 3.1 defines them: a log amplifier
/// (<c>$PnE</c> f1,f2 with f1 &gt; 0) gives <c>10^(f1 · x / $PnR) · f2</c>; otherwise a <c>$PnG</c> gain gives
/// <c>x / $PnG</c>. The time channel is multiplied by <c>$TIMESTEP</c>.
/// </summary>
public static class FcsPreprocessor
{
    /// <summary>Converts <paramref name="count"/> rows of raw values in place.</summary>
    public static void Apply(FcsDataSet dataSet, Span<double> rows, int count)
    {
        ArgumentNullException.ThrowIfNull(dataSet);
        var channels = dataSet.Channels.Count;
        var timeChannel = dataSet.TimeChannel;
        var timeStep = dataSet.TimeStep;
        for (var c = 0; c < channels; c++)
        {
            var channel = dataSet.Channels[c];
            var log = channel.Decades > 0 && channel.Range is > 0;
            var gain = !log && channel.Gain is { } g && g != 0 && g != 1 ? g : (double?)null;
            var step = c == timeChannel && timeStep is { } t && t > 0 ? t : (double?)null;
            if (!log && gain is null && step is null)
            {
                continue;
            }

            for (var e = 0; e < count; e++)
            {
                ref var value = ref rows[(e * channels) + c];
                if (log)
                {
                    value = Math.Pow(10, channel.Decades * value / channel.Range!.Value) * channel.LogOffset;
                }
                else if (gain is { } divisor)
                {
                    value /= divisor;
                }

                if (step is { } multiplier)
                {
                    value *= multiplier;
                }
            }
        }
    }
}
