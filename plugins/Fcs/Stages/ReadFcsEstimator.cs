using Conduit.Abstractions.Memory;
using Conduit.Plugins.Fcs.Reading;

namespace Conduit.Plugins.Fcs.Stages;

/// <summary>Memory of <c>fcs.read</c>: one chunk, sized from the file's own channels (its TEXT is read to know them).</summary>
public sealed class ReadFcsEstimator : IMemoryEstimator<ReadFcsOptions>
{
    /// <inheritdoc />
    public MemoryEstimate Estimate(ReadFcsOptions options, MemoryEstimationContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = System.IO.Path.GetFullPath(options.Path, context.BaseDirectory ?? Environment.CurrentDirectory);
        var file = FcsFile.Open(path, new FcsReadOptions { KeywordsOnly = true, Lenient = options.Lenient });
        if (options.DataSet >= file.DataSets.Count)
        {
            throw new FcsDataException(path, $"dataSet is {options.DataSet}, but the file has {file.DataSets.Count} data set(s)");
        }

        var chunk = FcsChunkReader.ChunkBytes(file.DataSets[options.DataSet], options.ChunkEvents, options.Values.ToValueType());
        return new MemoryEstimate(chunk, chunk, "chunkEvents × max(channels × value bytes, bytes per event)");
    }
}
