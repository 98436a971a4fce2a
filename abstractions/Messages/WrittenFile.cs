namespace Conduit.Abstractions.Messages;

/// <summary>
/// A file that a stage has written and completed (it is whole on disk when this message is sent), passed on to a
/// stage that sends, indexes or archives files. The message refers to the file; disposing it leaves the file alone.
/// </summary>
public sealed class WrittenFile : IConduitMessage
{
    /// <summary>Refers to a completed file.</summary>
    /// <param name="path">The file's full path.</param>
    /// <param name="format">What the file holds, as the writing stage names it (<c>dicos.ct</c>, <c>dicos.tdr</c>).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> or <paramref name="format"/> is empty.</exception>
    public WrittenFile(string path, string format)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(format);
        Path = path;
        Format = format;
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>What the file holds, as the writing stage names it.</summary>
    public string Format { get; }

    /// <inheritdoc />
    public IConduitMessage Share() => new WrittenFile(Path, Format);

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing is held: the file belongs to whoever configured the job.
    }
}
