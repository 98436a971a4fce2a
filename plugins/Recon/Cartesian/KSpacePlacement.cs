using Conduit.Abstractions.Messages;

namespace Conduit.Plugins.Recon.Cartesian;

/// <summary>Where a received line goes in Cartesian k-space: slice, partition and phase-encode line.</summary>
internal readonly record struct KSpacePlacement(int Slice, int Partition, int Line, bool Reversed)
{
    /// <summary>The line's place by the sequence's labels (<c>SLC</c>, <c>PAR</c>, <c>LIN</c>; absent ones are 0), or,
    /// when the sequence has no <c>LIN</c> labels, <paramref name="arrival"/>: its place among the imaging lines of its
    /// repetition.</summary>
    /// <exception cref="InvalidDataException">A label is negative.</exception>
    public static KSpacePlacement Of(AcquisitionWindow window, bool byLabels, int arrival)
    {
        int Label(string name)
        {
            var value = window.Labels.GetValueOrDefault(name);
            return value >= 0 ? value : throw new InvalidDataException($"ADC event {window.Index} has {name} = {value}; a Cartesian line needs labels of 0 or more");
        }

        return new(Label("SLC"), Label("PAR"), byLabels ? Label("LIN") : arrival, window.Labels.GetValueOrDefault("REV") != 0);
    }

    /// <summary>Navigator lines (<c>NAV</c> set) are not part of the image.</summary>
    public static bool IsImaging(AcquisitionWindow window) => window.Labels.GetValueOrDefault("NAV") == 0;
}
