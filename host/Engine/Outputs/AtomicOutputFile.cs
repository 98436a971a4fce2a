using Conduit.Abstractions.Stages;

namespace Conduit.Engine.Outputs;

/// <summary>
/// An output written as <c>.name.{pid}-XXXX.partial</c> beside its final name (same folder, so the final rename is
/// atomic), flushed to disk by <see cref="CompleteAsync"/> and renamed by <see cref="Commit"/>. Creating one removes the
/// partial files of the same name that a crashed process left behind.
/// </summary>
public sealed class AtomicOutputFile : IOutputFile
{
    private readonly FileStream _stream;
    private int _state; // 0 writing, 1 complete, 2 committed, 3 discarded

    /// <summary>Creates the temporary file (and its folder).</summary>
    public AtomicOutputFile(string finalPath)
    {
        FinalPath = Path.GetFullPath(finalPath);
        var directory = Path.GetDirectoryName(FinalPath)!;
        Directory.CreateDirectory(directory);
        StalePartialFiles.Remove(directory, Path.GetFileName(FinalPath));
        TemporaryPath = Path.Combine(directory, $".{Path.GetFileName(FinalPath)}.{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}.partial");
        _stream = new FileStream(TemporaryPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
    }

    /// <inheritdoc />
    public string FinalPath { get; }

    /// <inheritdoc />
    public string TemporaryPath { get; }

    /// <inheritdoc />
    public Stream Stream => Volatile.Read(ref _state) == 0 ? _stream : throw new ObjectDisposedException(FinalPath, "the output file is complete or discarded");

    /// <summary>True once <see cref="CompleteAsync"/> has run.</summary>
    public bool IsComplete => Volatile.Read(ref _state) == 1;

    /// <inheritdoc />
    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _state) != 0)
        {
            throw new InvalidOperationException($"output {FinalPath} is already complete or discarded");
        }

        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _stream.Flush(flushToDisk: true);
        await _stream.DisposeAsync().ConfigureAwait(false);
        Volatile.Write(ref _state, 1);
    }

    /// <summary>Renames the complete file to its final name, replacing an older file of that name.</summary>
    public void Commit()
    {
        if (Volatile.Read(ref _state) != 1)
        {
            throw new InvalidOperationException($"output {FinalPath} was never completed");
        }

        File.Move(TemporaryPath, FinalPath, overwrite: true);
        Volatile.Write(ref _state, 2);
    }

    /// <summary>Deletes the temporary file unless the file was committed.</summary>
    public void Discard()
    {
        var previous = Interlocked.Exchange(ref _state, 3);
        if (previous == 2)
        {
            Volatile.Write(ref _state, 2);
            return;
        }

        try
        {
            if (previous == 0)
            {
                _stream.Dispose();
            }
        }
        finally
        {
            if (previous != 3)
            {
                File.Delete(TemporaryPath);
            }
        }
    }

    /// <summary>Discards the file unless it was completed (a completed file waits for the job to end).</summary>
    public void Dispose()
    {
        if (Volatile.Read(ref _state) == 0)
        {
            Discard();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
