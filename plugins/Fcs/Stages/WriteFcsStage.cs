using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Fcs.Writing;

namespace Conduit.Plugins.Fcs.Stages;

/// <summary><c>fcs.write</c>: writes every chunk it receives into one FCS 3.1 data set.</summary>
public sealed class WriteFcsStage(WriteFcsOptions options) : ISinkStage<EventChunk>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<EventChunk> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        await using var file = context.CreateOutputFile(options.Path);
        FcsWriter? writer = null;
        IReadOnlyList<string>? channels = null;
        await foreach (var chunk in input.ReadAllAsync(cancellationToken))
        {
            using (chunk)
            {
                if (channels is null)
                {
                    channels = chunk.Layout.Channels;
                    // The stream's annotations (keywords of the source), with the options' $CYT over them.
                    var keywords = new Dictionary<string, string>(chunk.Layout.Annotations ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
                    if (options.Cytometer is not null)
                    {
                        keywords["$CYT"] = options.Cytometer;
                    }

                    writer = await FcsWriter.BeginAsync(file.Stream, [.. channels.Select(c => new FcsWriterChannel(c))], keywords, options.DataType, cancellationToken);
                }
                else if (!channels.SequenceEqual(chunk.Layout.Channels, StringComparer.Ordinal))
                {
                    throw new FcsDataException($"events from {chunk.Source ?? "the input"} have channels {string.Join(", ", chunk.Layout.Channels)}, but the file being written has {string.Join(", ", channels)}");
                }

                await WriteChunkAsync(writer!, chunk, cancellationToken);
                context.Progress.Advance(chunk.Layout.Rows);
            }
        }

        writer ??= await FcsWriter.BeginAsync(file.Stream, [new FcsWriterChannel("none")], null, options.DataType, cancellationToken);
        await writer.CompleteAsync(cancellationToken);
        await file.CompleteAsync(cancellationToken);
    }

    private static async ValueTask WriteChunkAsync(FcsWriter writer, EventChunk chunk, CancellationToken cancellationToken)
    {
        foreach (var segment in chunk.Values.Segments(chunk.Layout.ByteLength))
        {
            if (chunk.Layout.ValueType == EventValueType.Float32)
            {
                // Already the file's layout: written from the chunk's own memory, no copy.
                await writer.WriteAsync((ReadOnlyMemory<byte>)segment.Memory, cancellationToken);
            }
            else
            {
                await writer.WriteFloat64Async(segment.Memory, cancellationToken);
            }
        }
    }
}
