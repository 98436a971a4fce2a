namespace Conduit.Plugins.Datasets.Caching;

/// <summary>A temporary file that is deleted when its owner disposes it (on success, failure and cancellation alike).</summary>
public sealed class TemporaryFile : IDisposable
{
    internal TemporaryFile(string path) => Path = path;

    /// <summary>Where the file is.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Still open elsewhere: the leftover sweep at the next start removes it.
        }
    }
}
