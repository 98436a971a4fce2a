using Conduit.Abstractions.Inspection;
using Conduit.Plugins.Pulseq.Stages;

namespace Conduit.Plugins.Pulseq.Inspection;

/// <summary>
/// <c>conduit inspect</c> for the sparse sample streams <c>pulseq.export</c> writes (<c>.cseg</c>): channels, rate,
/// duration, records, how much of the stream is stored and how much idle, and per channel the minimum, maximum and sum
/// of the stored samples (a checksum of every value). Reads the file once, 64 Ki frames at a time.
/// </summary>
public sealed class SparseStreamInspector : IFileInspector
{
    private const int ChunkFrames = 1 << 16;

    /// <inheritdoc />
    public string Format => "Conduit sparse sample stream";

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName) =>
        header.StartsWith(SparseStreamFile.Magic) ? InspectionMatch.Content
        : fileName.EndsWith(".cseg", StringComparison.OrdinalIgnoreCase) ? InspectionMatch.Extension
        : InspectionMatch.None;

    /// <inheritdoc />
    public ValueTask<InspectionReport> InspectAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = SparseStreamReader.Open(path);
        var channels = reader.Channels;
        var min = Enumerable.Repeat((long)short.MaxValue, channels).ToArray();
        var max = Enumerable.Repeat((long)short.MinValue, channels).ToArray();
        var sum = new long[channels];
        var buffer = new short[ChunkFrames * channels];
        long sampleRecords = 0, sampleFrames = 0, idleFrames = 0;
        var repetitions = 0;
        while (reader.TryNext(out var record))
        {
            cancellationToken.ThrowIfCancellationRequested();
            repetitions = Math.Max(repetitions, record.Repetition + 1);
            if (record.IsIdle)
            {
                idleFrames += record.Frames;
                continue;
            }

            sampleRecords++;
            sampleFrames += record.Frames;
            for (long frame = 0; frame < record.Frames; frame += ChunkFrames)
            {
                var count = (int)Math.Min(ChunkFrames, record.Frames - frame);
                reader.ReadSamples(record, frame, count, buffer);
                for (var i = 0; i < count * channels; i++)
                {
                    var c = i % channels;
                    var value = buffer[i];
                    sum[c] += value;
                    min[c] = Math.Min(min[c], value);
                    max[c] = Math.Max(max[c], value);
                }
            }
        }

        var fields = new List<InspectionField>
        {
            new("channels", channels),
            new("sampleRate", reader.SampleRate, "Hz"),
            new("frames", reader.TotalFrames),
            new("durationSeconds", reader.SampleRate > 0 ? reader.TotalFrames / reader.SampleRate : 0, "s"),
            new("records", reader.Records),
            new("sampleRecords", sampleRecords),
            new("storedFrames", sampleFrames),
            new("idleFrames", idleFrames),
            new("storedFraction", reader.TotalFrames > 0 ? Math.Round((double)sampleFrames / reader.TotalFrames, 6) : 0),
            new("repetitions", repetitions),
            new("denseBytes", reader.TotalFrames * channels * sizeof(short), "bytes"),
        };
        var rows = Enumerable.Range(0, channels)
            .Select(c => (IReadOnlyList<object?>)[c, sampleFrames > 0 ? min[c] : null, sampleFrames > 0 ? max[c] : null, sum[c]])
            .ToList();
        var tables = new List<InspectionTable> { new("channels", ["channel", "min", "max", "sum"], rows) };
        if (channels == 4)
        {
            tables.Add(new InspectionTable("notes", ["note"], [["the Spectrum card layout: channel 0 carries RF as int16; channels 1 to 3 carry 15-bit gradients with bit 15 as a marker (ADC gate, RF unblank, phase reference), so their sums count the marker bits too"]]));
        }

        return ValueTask.FromResult(new InspectionReport(Format, path, fields, tables));
    }
}
