using System.Threading.Channels;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Fcs.Reading;

namespace Conduit.Plugins.Fcs.Stages;

/// <summary>
/// <c>fcs.concat</c>: checks that every input has the same channels (names, in order) before reading any event, then
/// streams the first data set of each input, numbering events on across files.
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

        context.Progress.SetTotal(files.Sum(f => f.DataSets[0].EventCount), "events");
        long next = 0;
        foreach (var file in files)
        {
            next = await FcsStreaming.WriteChunksAsync(context, file, 0, next, options.ChunkEvents, options.Values.ToValueType(), options.Preprocess, output, cancellationToken);
        }
    }
}
