using System.Globalization;
using Conduit.Abstractions.Inspection;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Plotting;
using Conduit.Plugins.Pulseq.Inspection;
using Conduit.Plugins.Pulseq.Stages;

namespace Conduit.Plugins.Pulseq.Plotting;

/// <summary>
/// <c>conduit plot</c> for sparse sample streams (<c>.cseg</c>) over a time window (<c>--from</c>/<c>--to</c> in
/// seconds; default the first 50 ms): the four card channels and their marker bits, as <c>conduit plot</c> draws the
/// stream of a <c>.seq</c>. Long windows are drawn from every n-th stored frame, at most about 20,000.
/// </summary>
public sealed class SparseStreamPlotter : IFilePlotter
{
    private const double DefaultWindow = 0.05;
    private const int MostFrames = 20_000;
    private static readonly SparseStreamInspector Inspector = new();

    /// <inheritdoc />
    public string Format => Inspector.Format;

    /// <inheritdoc />
    public IReadOnlyList<string> Kinds { get; } = ["stream"];

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName) => Inspector.Match(header, fileName);

    /// <inheritdoc />
    public ValueTask PlotAsync(string path, PlotRequest request, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        using var reader = SparseStreamReader.Open(path);
        if (reader.Channels != 4 || reader.TotalFrames == 0)
        {
            throw new ArgumentException($"{Path.GetFileName(path)} has {reader.Channels} channels and {reader.TotalFrames} frames; the plot draws the four-channel card stream");
        }

        var duration = reader.TotalFrames / reader.SampleRate;
        var from = request.From ?? 0;
        var to = request.To ?? Math.Min(duration, from + DefaultWindow);
        if (from < 0 || to > duration + 1e-12 || from >= to)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--from {from} --to {to}: the window must lie inside the stream, 0 to {duration} s, with from < to"));
        }

        var rate = reader.SampleRate;
        var first = (long)Math.Floor(from * rate);
        var last = Math.Min(reader.TotalFrames, (long)Math.Ceiling(to * rate));
        var stride = Math.Max(1, (last - first + MostFrames - 1) / MostFrames);
        var tracks = new SequenceTracks(Path.GetFileName(path), from, to);
        var drawing = new CardStreamDrawing();
        var frame = new short[4];
        while (reader.TryNext(out var record) && record.FirstFrame < last)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = Math.Max(record.FirstFrame, first);
            var end = Math.Min(record.FirstFrame + record.Frames, last);
            if (end <= start)
            {
                continue;
            }

            if (record.IsIdle)
            {
                drawing.Idle(start / rate, end / rate);
                continue;
            }

            // The first frame at or after `start` on the stride's grid, then every stride-th one.
            for (var f = first + ((start - first + stride - 1) / stride * stride); f < end; f += stride)
            {
                reader.ReadSamples(record, f - record.FirstFrame, 1, frame);
                drawing.Frame(f / rate, frame);
            }
        }

        drawing.Draw(tracks, last / rate, stride == 1
            ? string.Create(CultureInfo.InvariantCulture, $"every frame at {rate / 1e6:G4} MHz")
            : string.Create(CultureInfo.InvariantCulture, $"every {stride}th frame of {rate / 1e6:G4} MHz (a window is drawn from at most {MostFrames:N0})"));
        PlotImages.Write(tracks.Plot, request, output);
        return ValueTask.CompletedTask;
    }
}
