using Conduit.Plugins.Datasets.Caching;

namespace Conduit.Plugins.Datasets.Tests.Caching;

/// <summary>The writing cache holds one chunk, hands it to the writer as soon as the next one starts, and reuses its buffer.</summary>
public sealed class OneChunkWritingCacheTests
{
    [Fact]
    public void A_chunk_is_written_when_the_next_one_starts_and_the_last_one_on_flush()
    {
        var cache = new OneChunkWritingCache();
        var written = new List<ulong>();
        var allocated = 0;
        Memory<byte> Allocate()
        {
            allocated++;
            return new byte[16];
        }

        void Write(ulong index, Memory<byte> chunk) => written.Add(index);

        // As PureHDF does: each delegate writes the chunk it was handed out with.
        Action<ulong, Memory<byte>> WriterFor(ulong index) => (_, chunk) => written.Add(index);

        var first = cache.GetChunk(0, Allocate, WriterFor(0));
        Assert.True(first.Span.SequenceEqual(cache.GetChunk(0, Allocate, WriterFor(0)).Span));
        Assert.Empty(written);
        cache.GetChunk(1, Allocate, WriterFor(1));
        Assert.Equal([0UL], written);
        cache.Flush(Write);

        Assert.Equal([0UL, 1UL], written);
        Assert.Equal(1, allocated); // the second chunk reuses the first one's buffer
    }
}
