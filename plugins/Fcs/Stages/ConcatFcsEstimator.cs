using Conduit.Abstractions.Memory;
using Conduit.Plugins.Fcs.Reading;

namespace Conduit.Plugins.Fcs.Stages;

/// <summary>Memory of <c>fcs.concat</c>: the largest chunk of any input (one chunk at a time is held).</summary>
public sealed class ConcatFcsEstimator : IMemoryEstimator<ConcatFcsOptions>
{
    /// <inheritdoc />
    public MemoryEstimate Estimate(ConcatFcsOptions options, MemoryEstimationContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        var chunk = options.Inputs
            .Select(input => FcsFile.Open(Path.GetFullPath(input, context.BaseDirectory ?? Environment.CurrentDirectory), new FcsReadOptions { KeywordsOnly = true, Lenient = options.Lenient }))
            .Max(file => FcsChunkReader.ChunkBytes(file.DataSets[0], options.ChunkEvents, options.Values.ToValueType()));
        return new MemoryEstimate(chunk, chunk, "chunkEvents × max(channels × value bytes, bytes per event) of the widest input");
    }
}
