using PureHDF.VOL.Native;

namespace Conduit.Plugins.Datasets.Caching;

/// <summary>
/// A PureHDF writing chunk cache that holds one chunk: the moment a write reaches the next chunk, the previous one goes
/// to the file. Volumes are written in order, so each chunk is complete when it leaves; memory stays at one chunk
/// (PureHDF's default cache keeps every chunk until the file is closed).
/// </summary>
internal sealed class OneChunkWritingCache : IWritingChunkCache
{
    private ulong _index = ulong.MaxValue;
    private Memory<byte> _chunk;
    private Action<ulong, Memory<byte>>? _writer;

    public Memory<byte> GetChunk(ulong chunkIndex, Func<Memory<byte>> chunkAllocator, Action<ulong, Memory<byte>> chunkWriter)
    {
        if (chunkIndex == _index)
        {
            return _chunk;
        }

        // PureHDF 2.2's writer delegate writes to the chunk it was handed out with, whatever index it is given, so
        // the held chunk leaves through the delegate that came with it.
        var reusable = Memory<byte>.Empty;
        if (_writer is { } previous)
        {
            previous(_index, _chunk);
            reusable = _chunk;
        }

        // Every chunk of a dataset has the same size, so the written chunk's buffer serves the next one: one chunk's
        // memory is all there is.
        reusable.Span.Clear();
        _index = chunkIndex;
        _chunk = reusable.IsEmpty ? chunkAllocator() : reusable;
        _writer = chunkWriter;
        return _chunk;
    }

    public void Flush(Action<ulong, Memory<byte>> chunkWriter)
    {
        if (_index != ulong.MaxValue)
        {
            chunkWriter(_index, _chunk);
            _index = ulong.MaxValue;
            _chunk = Memory<byte>.Empty;
            _writer = null;
        }
    }
}
