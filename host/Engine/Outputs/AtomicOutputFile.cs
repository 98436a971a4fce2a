using Conduit.Abstractions.Stages;

namespace Conduit.Engine.Outputs;

/// <summary>
/// An output written as <c>.name.{pid}-XXXX.partial</c> beside its final name (same folder, so the final rename is
/// atomic), written back to disk as it grows (<see cref="WritebackStream"/>), flushed by <see cref="CompleteAsync"/>
/// and renamed by <see cref="Commit"/>. Creating one removes the partial files of the same name that a crashed process
/// left behind, and locks <c>.name.lock</c> (an exclusive <c>flock</c>, released by the kernel when a process dies)
/// until the file is committed or discarded, so that a second writer of the same file, in this job or another process,
/// fails at once instead of overwriting it.
/// </summary>
public sealed class AtomicOutputFile : IOutputFile
{
    private readonly WritebackStream _stream;
    private readonly FileStream _lock;
    private int _state; // 0 writing, 1 complete, 2 committed, 3 discarded

    /// <summary>Creates the temporary file (and its folder).</summary>
    public AtomicOutputFile(string finalPath)
        : this(finalPath, new StalePartialFiles())
    {
    }

    /// <summary>Starts an output of a job run whose outputs share <paramref name="leftovers"/> (one listing a folder).</summary>
    internal AtomicOutputFile(string finalPath, StalePartialFiles leftovers)
    {
        FinalPath = Path.GetFullPath(finalPath);
        var directory = Path.GetDirectoryName(FinalPath)!;
        Directory.CreateDirectory(directory);
        if (Directory.Exists(FinalPath))
        {
            throw new IOException($"{FinalPath} is a folder; an output needs a file name");
        }

        // The lock is taken on the resolved folder, so two names of one file (a link, "..") share it.
        var name = Path.GetFileName(FinalPath);
        var lockPath = Path.Combine(UnixFiles.Canonical(directory), $".{name}.lock");
        try
        {
            _lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"{FinalPath} is being written by another job or another stage right now (its lock {lockPath} is held)", e);
        }

        LockPath = lockPath;
        leftovers.Remove(directory, name);
        TemporaryPath = Path.Combine(directory, $".{name}.{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}.partial");
        try
        {
            _stream = new WritebackStream(new FileStream(TemporaryPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1 << 16, FileOptions.Asynchronous));
        }
        catch
        {
            ReleaseLock();
            throw;
        }
    }

    /// <summary>The lock file held while this output is written.</summary>
    public string LockPath { get; }

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
        _stream.FlushToDisk();
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
        ReleaseLock();
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
                ReleaseLock();
            }
        }
    }

    // Deleted before it is unlocked: a writer that opens it in between holds a lock on a file no one else will find,
    // which is harmless.
    private void ReleaseLock()
    {
        try
        {
            File.Delete(LockPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next writer, which opens and removes it.
        }

        _lock.Dispose();
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
