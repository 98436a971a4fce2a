using System.Globalization;
using Conduit.Abstractions.Messages;
using ScottPlot;

namespace Conduit.Plugins.Pulseq.Plotting;

/// <summary>
/// Collects frames of the four-channel card stream (RF int16 on channel 0; 15-bit gradients with a marker in bit 15 on
/// channels 1 to 3) and draws them as tracks: four waveforms and the three marker gates.
/// </summary>
internal sealed class CardStreamDrawing
{
    private readonly List<(double T, double V)>[] _channels = [[], [], [], []];
    private readonly List<(double Start, double End)>[] _markers = [[], [], []];
    private readonly double[] _markerStart = [-1, -1, -1];

    /// <summary>Adds one frame at time <paramref name="t"/> seconds.</summary>
    public void Frame(double t, ReadOnlySpan<short> samples)
    {
        _channels[0].Add((t, samples[0]));
        for (var c = 1; c < 4; c++)
        {
            _channels[c].Add((t, SampleStreamFormat.ValueOf15Bit(samples[c])));
            var on = samples[c] < 0;
            if (on && _markerStart[c - 1] < 0)
            {
                _markerStart[c - 1] = t;
            }
            else if (!on && _markerStart[c - 1] >= 0)
            {
                _markers[c - 1].Add((_markerStart[c - 1], t));
                _markerStart[c - 1] = -1;
            }
        }
    }

    /// <summary>Adds an idle stretch (all channels zero, no markers) from <paramref name="start"/> to
    /// <paramref name="end"/> seconds.</summary>
    public void Idle(double start, double end)
    {
        Frame(start, [0, 0, 0, 0]);
        Frame(end, [0, 0, 0, 0]);
    }

    /// <summary>Draws the tracks; <paramref name="frames"/> says how the frames were taken, under the time axis.</summary>
    public void Draw(SequenceTracks tracks, double end, string frames)
    {
        for (var m = 0; m < 3; m++)
        {
            if (_markerStart[m] >= 0)
            {
                _markers[m].Add((_markerStart[m], end));
            }
        }

        string[] names = ["ch0 (rf)", "ch1 (gx)", "ch2 (gy)", "ch3 (gz)"];
        Color[] colors = [Colors.DarkRed, Colors.Blue, Colors.Green, Colors.Purple];
        for (var c = 0; c < 4; c++)
        {
            tracks.Waveform(names[c], "LSB", _channels[c], colors[c]);
        }

        tracks.Gates("ch1 bit 15: ADC gate", _markers[0], Colors.Black);
        tracks.Gates("ch2 bit 15: RF unblank", _markers[1], Colors.DarkRed);
        tracks.Gates("ch3 bit 15: phase ref", _markers[2], Colors.Gray);
        tracks.Finish(string.Create(CultureInfo.InvariantCulture, $"time (ms); {frames}"));
    }
}
