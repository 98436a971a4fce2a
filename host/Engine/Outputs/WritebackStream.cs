namespace Conduit.Engine.Outputs;

/// <summary>
/// An output file's stream that starts writing the file to disk every <see cref="WritebackBytes"/> written
/// (<see cref="UnixFiles.StartWriteback"/>), instead of leaving all of it to the flush that completes the output: a
/// 200 MB output otherwise waits a tenth of a second or more at its end for a disk that sat idle while it was written.
/// Everything else is the file's own stream.
/// </summary>
internal sealed class WritebackStream(FileStream file) : Stream
{
    /// <summary>How much is written between two requests to write back.</summary>
    public const long WritebackBytes = 8L << 20;

    private long _sinceWriteback;

    public override bool CanRead => file.CanRead;

    public override bool CanSeek => file.CanSeek;

    public override bool CanWrite => file.CanWrite;

    public override long Length => file.Length;

    public override long Position
    {
        get => file.Position;
        set => file.Position = value;
    }

    public override void Flush() => file.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => file.FlushAsync(cancellationToken);

    /// <summary>Flushes the file to disk (fsync).</summary>
    public void FlushToDisk() => file.Flush(flushToDisk: true);

    public override int Read(byte[] buffer, int offset, int count) => file.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => file.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => file.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => file.ReadAsync(buffer, offset, count, cancellationToken);

    public override int ReadByte() => file.ReadByte();

    public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);

    public override void SetLength(long value) => file.SetLength(value);

    public override void Write(byte[] buffer, int offset, int count)
    {
        file.Write(buffer, offset, count);
        Wrote(count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        file.Write(buffer);
        Wrote(buffer.Length);
    }

    public override void WriteByte(byte value)
    {
        file.WriteByte(value);
        Wrote(1);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await file.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        Wrote(buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await file.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Wrote(long bytes)
    {
        _sinceWriteback += bytes;
        if (_sinceWriteback >= WritebackBytes)
        {
            // What the file's buffer holds is not in the page cache yet.
            file.Flush();
            UnixFiles.StartWriteback(file.SafeFileHandle);
            _sinceWriteback = 0;
        }
    }
}
