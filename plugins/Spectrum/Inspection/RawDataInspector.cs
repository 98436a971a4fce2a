using System.Globalization;
using Conduit.Abstractions.Inspection;
using Conduit.Plugins.Hdf5;
using Conduit.Plugins.Spectrum.Raw;

namespace Conduit.Plugins.Spectrum.Inspection;

/// <summary>
/// <c>conduit inspect</c> for the HDF5 raw data <c>spectrum.write-raw</c> writes: lines, samples, rate, dwell, averages,
/// ADC events and labels, and the sum of every value (real and imaginary apart) with the peak magnitude and its line.
/// </summary>
public sealed class RawDataInspector : IFileInspector
{
    /// <inheritdoc />
    public string Format => "Conduit raw acquisition (HDF5)";

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName) =>
        Hdf5Layout.Is(header, fileName, RawDataLayout.Name) ? InspectionMatch.Content : InspectionMatch.None;

    /// <inheritdoc />
    public ValueTask<InspectionReport> InspectAsync(string path, CancellationToken cancellationToken)
    {
        using var raw = RawDataReader.Open(path);
        var line = new float[2 * raw.Width];
        double re = 0, im = 0, peak = 0;
        var peakLine = 0;
        for (var i = 0; i < raw.Lines; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            raw.ReadLine(i, line);
            for (var k = 0; k < line.Length; k += 2)
            {
                re += line[k];
                im += line[k + 1];
                var magnitude = Math.Sqrt((line[k] * (double)line[k]) + (line[k + 1] * (double)line[k + 1]));
                if (magnitude > peak)
                {
                    (peak, peakLine) = (magnitude, i);
                }
            }
        }

        var fields = new List<InspectionField>
        {
            new("layout", $"{RawDataLayout.Name} {RawDataLayout.Version}"),
            new("lines", raw.Lines),
            new("samplesPerLine", raw.Samples.Length > 0 ? $"{raw.Samples.Min()} to {raw.Samples.Max()}" : null),
            new("sampleRate", raw.SampleRate, "Hz"),
            new("dwellSeconds", raw.Dwell.Length > 0 ? raw.Dwell[0] : null, "s"),
            new("averages", raw.Averages.Length > 0 ? $"{raw.Averages.Min()} to {raw.Averages.Max()}" : null),
            new("adcEvents", raw.AdcIndex.Distinct().Count()),
            new("sum", string.Create(CultureInfo.InvariantCulture, $"re={re:R};im={im:R}")),
            new("peakMagnitude", peak),
            new("peakLine", peakLine),
        };
        var labels = raw.Labels
            .Select(l => (IReadOnlyList<object?>)[l.Key, l.Value.Length > 0 ? l.Value.Min() : null, l.Value.Length > 0 ? l.Value.Max() : null])
            .ToList();
        IReadOnlyList<InspectionTable> tables = labels.Count > 0 ? [new InspectionTable("labels", ["label", "min", "max"], labels)] : [];
        return ValueTask.FromResult(new InspectionReport(Format, path, fields, tables));
    }
}
