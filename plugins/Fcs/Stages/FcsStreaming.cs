using System.Threading.Channels;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Fcs.Reading;

namespace Conduit.Plugins.Fcs.Stages;

/// <summary>Shared by <c>fcs.read</c> and <c>fcs.concat</c>: one data set's events into a channel, chunk by chunk.</summary>
internal static class FcsStreaming
{
    /// <returns>The index after the last event written.</returns>
    public static async Task<long> WriteChunksAsync(
        IStageContext context,
        FcsFile file,
        int dataSetIndex,
        long firstEvent,
        int chunkEvents,
        EventValueType valueType,
        bool preprocess,
        ChannelWriter<EventChunk> output,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? annotations = null)
    {
        if (dataSetIndex >= file.DataSets.Count)
        {
            throw new FcsDataException(file.Path, $"dataSet is {dataSetIndex}, but the file has {file.DataSets.Count} data set(s)");
        }

        var dataSet = file.DataSets[dataSetIndex];
        using var reader = new FcsChunkReader(file, dataSetIndex, valueType, preprocess, annotations);
        for (long e = 0; e < dataSet.EventCount; e += chunkEvents)
        {
            var chunk = await reader.ReadAsync(context.Pool, e, chunkEvents, cancellationToken);
            var numbered = firstEvent == 0 ? chunk : new EventChunk(firstEvent + e, chunk.Layout, chunk.TakeValues(), chunk.Source);
            await output.WriteOrDisposeAsync(numbered, cancellationToken);

            context.Progress.Advance(numbered.Layout.Rows);
        }

        return firstEvent + dataSet.EventCount;
    }
}
