using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Spectrum.Raw;
using PureHDF;
using PureHDF.Selections;

namespace Conduit.Plugins.Spectrum.Stages;

/// <summary>
/// <c>spectrum.write-raw</c>: writes the lines it receives to an HDF5 file in the <see cref="RawDataLayout"/>
/// (h5py reads it), averaging repetitions when asked. The file appears only when every line has arrived; a failed
/// acquisition leaves none.
/// </summary>
public sealed class WriteRawStage(WriteRawOptions options) : ISinkStage<AcquiredLine>
{
    // A line's row in memory: its window (with its labels counted apart), spool offset and count, and list growth.
    private const long RowBytes = 160;

    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<AcquiredLine> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        await using var output = context.CreateOutputFile(options.Path);
        using var spool = new LineSpool();
        // The samples wait on disk; what stays in memory (a row of the line table each, the averaging sum, the tables
        // and a line while writing) is reserved from the budget as it grows.
        await using var held = new BudgetReservation(context.Budget);
        var rows = new List<Row>();
        var byAdc = new Dictionary<int, int>();
        float[] sum = [];
        await foreach (var line in input.ReadAllAsync(cancellationToken))
        {
            using (line)
            {
                var window = line.Window;
                if (options.Average && byAdc.TryGetValue(window.IndexInRepetition, out var index))
                {
                    var row = rows[index];
                    if (row.Window.Samples != window.Samples)
                    {
                        throw new InvalidDataException($"ADC event {window.IndexInRepetition} has {window.Samples} samples in repetition {window.Repetition} but {row.Window.Samples} before: it cannot be averaged");
                    }

                    if (sum.Length < 2 * window.Samples)
                    {
                        await held.AddAsync((2L * window.Samples - sum.Length) * sizeof(float), cancellationToken);
                        sum = new float[2 * window.Samples];
                    }

                    var acc = sum.AsSpan(0, 2 * window.Samples);
                    spool.Read(row.Offset, acc);
                    System.Numerics.Tensors.TensorPrimitives.Add(acc, line.Values, acc);
                    spool.Write(row.Offset, acc);
                    rows[index] = row with { Averages = row.Averages + 1 };
                }
                else
                {
                    await held.AddAsync(RowBytes + (8L * window.Labels.Count), cancellationToken);
                    byAdc[window.IndexInRepetition] = rows.Count;
                    rows.Add(new Row(window, spool.Append(line.Values), 1));
                }
            }
        }

        if (rows.Count == 0)
        {
            throw new InvalidOperationException("no lines arrived, so there is no raw data to write");
        }

        // The tables as arrays (8 datasets of a number a line, labels) and one padded line, beside PureHDF's own buffers.
        await held.AddAsync((rows.Count * RowBytes) + (2L * rows.Max(r => r.Window.Samples) * sizeof(float)) + (1 << 20), cancellationToken);
        Write(output.Stream, spool, rows);
        await output.CompleteAsync(cancellationToken);
    }

    private static void Write(Stream stream, LineSpool spool, List<Row> rows)
    {
        var width = rows.Max(r => r.Window.Samples);
        var data = new H5Dataset<Memory<float>>(fileDims: [(ulong)rows.Count, (ulong)width, 2], chunks: [1, (uint)width, 2]);
        var labels = new H5Group();
        foreach (var name in rows.SelectMany(r => r.Window.Labels.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            labels[name] = rows.Select(r => r.Window.Labels.GetValueOrDefault(name)).ToArray();
        }

        var first = rows[0].Window;
        var file = new H5File
        {
            [RawDataLayout.Data] = data,
            [RawDataLayout.Samples] = rows.Select(r => r.Window.Samples).ToArray(),
            [RawDataLayout.Averages] = rows.Select(r => r.Averages).ToArray(),
            [RawDataLayout.AdcIndex] = rows.Select(r => r.Window.IndexInRepetition).ToArray(),
            [RawDataLayout.StartFrame] = rows.Select(r => r.Window.StartFrame).ToArray(),
            [RawDataLayout.Dwell] = rows.Select(r => r.Window.DwellSeconds).ToArray(),
            [RawDataLayout.FrequencyOffset] = rows.Select(r => r.Window.FrequencyOffsetHz).ToArray(),
            [RawDataLayout.PhaseOffset] = rows.Select(r => r.Window.PhaseOffsetRadians).ToArray(),
            [RawDataLayout.Labels] = labels,
            Attributes = new()
            {
                ["layout"] = RawDataLayout.Name,
                ["layout_version"] = RawDataLayout.Version,
                ["sample_rate_hz"] = first.SampleRate,
                ["lines"] = rows.Count,
                ["carrier_frequency_hz"] = first.CarrierFrequencyHz,
                ["matrix"] = new[] { width, 1 + rows.Max(r => r.Window.Labels.GetValueOrDefault("LIN")), 1 + rows.Max(r => r.Window.Labels.GetValueOrDefault("PAR")) },
            },
        };
        if (first.Sequence is { } sequence)
        {
            if (sequence.Name is { } name)
            {
                file.Attributes["sequence_name"] = name;
            }

            if (sequence.Signature is { } signature)
            {
                file.Attributes["sequence_signature"] = signature;
            }

            if (sequence.Numbers("FOV") is { Length: > 0 } fov)
            {
                file.Attributes["field_of_view_mm"] = fov.Select(f => f * 1e3).ToArray();
            }

            foreach (var (key, value) in sequence.Definitions)
            {
                file.Attributes[RawDataLayout.DefinitionPrefix + key] = value;
            }
        }

        var line = new float[2 * width];
        using var writer = file.BeginWrite(stream);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var values = line.AsSpan(0, 2 * row.Window.Samples);
            line.AsSpan().Clear();
            spool.Read(row.Offset, values);
            if (row.Averages > 1)
            {
                System.Numerics.Tensors.TensorPrimitives.Divide(values, row.Averages, values);
            }

            writer.Write(data, line.AsMemory(), fileSelection: new HyperslabSelection(3, [(ulong)i, 0, 0], [1, (ulong)width, 2]));
        }
    }

    private readonly record struct Row(AcquisitionWindow Window, long Offset, int Averages);
}
