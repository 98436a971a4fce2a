using System.Threading.Channels;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Microsoft.Extensions.Logging;
using Conduit.Plugins.Fcs.Reading;

namespace Conduit.Plugins.Fcs.Stages;

/// <summary>
/// <c>fcs.concat</c>: checks that every input has the same channels (names, in order) before reading any event, then
/// streams the first data set of each input, numbering events on across files. The chunks carry the keywords the
/// inputs agree on (<see cref="FcsAnnotations.Reconcile"/>), so <c>fcs.write</c> keeps them; <c>$TOT</c> is the writer's.
/// </summary>
public sealed class ConcatFcsStage(ConcatFcsOptions options) : ISourceStage<EventChunk>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelWriter<EventChunk> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        var files = options.Inputs.Select(input => FcsFile.Open(context.ResolvePath(input), new FcsReadOptions { Lenient = options.Lenient })).ToList();
        var channels = files[0].DataSets[0].Channels.Select(c => c.Name).ToList();
        foreach (var file in files.Skip(1))
        {
            var other = file.DataSets[0].Channels.Select(c => c.Name).ToList();
            if (!other.SequenceEqual(channels, StringComparer.Ordinal))
            {
                var at = Enumerable.Range(0, Math.Max(other.Count, channels.Count)).First(i => i >= other.Count || i >= channels.Count || other[i] != channels[i]);
                throw new FcsDataException(file.Path, $"channel {at + 1} is \"{(at < other.Count ? other[at] : "(none)")}\", but {Path.GetFileName(files[0].Path)} has \"{(at < channels.Count ? channels[at] : "(none)")}\": concatenated files need the same channels in the same order");
            }
        }

        var annotations = FcsAnnotations.Reconcile([.. files.Select(f => (IReadOnlyDictionary<string, string>)FcsAnnotations.Of(f.DataSets[0], options.Preprocess))], out var dropped);
        if (dropped.Count > 0 && context.Logger.IsEnabled(LogLevel.Information))
        {
            context.Logger.LogInformation("{Count} keyword(s) differ between the inputs or are missing from some and are not carried over: {Keywords}", dropped.Count, string.Join(", ", dropped.Take(20)) + (dropped.Count > 20 ? ", ..." : string.Empty));
        }

        context.Progress.SetTotal(files.Sum(f => f.DataSets[0].EventCount), "events");
        long next = 0;
        foreach (var file in files)
        {
            next = await FcsStreaming.WriteChunksAsync(context, file, 0, next, options.ChunkEvents, options.Values.ToValueType(), options.Preprocess, output, cancellationToken, annotations);
        }
    }
}
