using System.Threading.Channels;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Fcs.Reading;

namespace Conduit.Plugins.Fcs.Stages;

/// <summary><c>fcs.read</c>: streams a data set's events as chunks rented from the stage's pool.</summary>
public sealed class ReadFcsStage(ReadFcsOptions options) : ISourceStage<EventChunk>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelWriter<EventChunk> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        var file = FcsFile.Open(context.ResolvePath(options.Path), new FcsReadOptions { Lenient = options.Lenient });
        context.Progress.SetTotal(options.DataSet < file.DataSets.Count ? file.DataSets[options.DataSet].EventCount : 0, "events");
        await FcsStreaming.WriteChunksAsync(context, file, options.DataSet, 0, options.ChunkEvents, options.Values.ToValueType(), options.Preprocess, output, cancellationToken);
    }
}
