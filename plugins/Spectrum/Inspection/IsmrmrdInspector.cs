using System.Globalization;
using Conduit.Abstractions.Inspection;
using Conduit.Plugins.Spectrum.Ismrmrd;

namespace Conduit.Plugins.Spectrum.Inspection;

/// <summary>
/// <c>conduit inspect</c> for ISMRMRD raw data: the header's sequence, carrier, matrix, field of view and trajectory;
/// acquisitions, samples and channels; the range of every encoding counter; and the sum of every value (real and
/// imaginary apart) with the peak magnitude and its acquisition.
/// </summary>
public sealed class IsmrmrdInspector : IFileInspector
{
    private static readonly string[] Labels = ["LIN", "PAR", "AVG", "SLC", "ECO", "PHS", "REP", "SET", "SEG"];

    /// <inheritdoc />
    public string Format => "ISMRMRD raw data (HDF5)";

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName) =>
        IsmrmrdFile.Is(header, fileName) ? InspectionMatch.Content : InspectionMatch.None;

    /// <inheritdoc />
    public ValueTask<InspectionReport> InspectAsync(string path, CancellationToken cancellationToken)
    {
        using var file = IsmrmrdFile.Open(path);
        double re = 0, im = 0, peak = 0;
        var peakAcquisition = 0;
        // Headers are kept (340 bytes each, for the counters' ranges); samples are not.
        var heads = new List<IsmrmrdAcquisition>((int)Math.Min(file.Count, 1u << 20));
        foreach (var (head, samples) in file.Acquisitions(cancellationToken))
        {
            var i = heads.Count;
            heads.Add(head);
            for (var k = 0; k < samples.Length; k += 2)
            {
                re += samples[k];
                im += samples[k + 1];
                var magnitude = Math.Sqrt((samples[k] * (double)samples[k]) + (samples[k + 1] * (double)samples[k + 1]));
                if (magnitude > peak)
                {
                    (peak, peakAcquisition) = (magnitude, i);
                }
            }
        }

        var (mx, my, mz) = file.Matrix;
        var (fx, fy, fz) = file.FieldOfView;
        var fields = new List<InspectionField>
        {
            new("sequence", file.Text("sequenceName")),
            new("larmorFrequency", file.Text("H1resonanceFrequency_Hz"), "Hz"),
            new("matrix", $"{mx} × {my} × {mz}"),
            new("fieldOfView", string.Create(CultureInfo.InvariantCulture, $"{fx} × {fy} × {fz}"), "mm"),
            new("trajectory", file.Text("trajectory")),
            new("acquisitions", heads.Count),
            new("samplesPerAcquisition", heads.Count > 0 ? $"{heads.Min(h => h.NumberOfSamples)} to {heads.Max(h => h.NumberOfSamples)}" : null),
            new("channels", heads.Count > 0 ? heads.Max(h => h.ActiveChannels) : null),
            new("sampleTime", heads.Count > 0 ? heads[0].SampleTimeMicroseconds : null, "µs"),
            new("sum", string.Create(CultureInfo.InvariantCulture, $"re={re:R};im={im:R}")),
            new("peakMagnitude", peak),
            new("peakAcquisition", peakAcquisition),
        };
        var counters = Labels
            .Where(_ => heads.Count > 0)
            .Select(label => (IReadOnlyList<object?>)[label, heads.Min(h => IsmrmrdAcquisitions.Value(h.Index, label)), heads.Max(h => IsmrmrdAcquisitions.Value(h.Index, label))])
            .ToList();
        IReadOnlyList<InspectionTable> tables = counters.Count > 0 ? [new InspectionTable("counters (Pulseq label: ISMRMRD counter)", ["label", "min", "max"], counters)] : [];
        return ValueTask.FromResult(new InspectionReport(Format, path, fields, tables));
    }
}
