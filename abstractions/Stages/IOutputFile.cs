namespace Conduit.Abstractions.Stages;

/// <summary>
/// A file being written under a temporary name in its final folder. <see cref="CompleteAsync"/> flushes it to disk and
/// marks it complete; the host renames complete files to <see cref="FinalPath"/> when the job succeeds and deletes the
/// temporary file otherwise. Disposing without completing deletes the temporary file at once.
/// </summary>
public interface IOutputFile : IAsyncDisposable, IDisposable
{
    /// <summary>The name the file gets when the job succeeds.</summary>
    string FinalPath { get; }

    /// <summary>The name the file has while it is written.</summary>
    string TemporaryPath { get; }

    /// <summary>The stream to write to (seekable).</summary>
    Stream Stream { get; }

    /// <summary>Flushes the data to disk and marks the file complete. The stream is closed afterwards.</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken = default);
}
