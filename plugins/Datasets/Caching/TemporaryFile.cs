namespace Conduit.Plugins.Datasets.Caching;

/// <summary>A temporary file that is deleted when its owner disposes it (on success, failure and cancellation alike);
/// the disk it was granted (<see cref="TemporaryFiles"/>) is given back then.</summary>
public sealed class TemporaryFile : IDisposable
{
    private readonly Action? _release;

    internal TemporaryFile(string path, long grantedBytes = 0, Action? release = null)
    {
        Path = path;
        GrantedBytes = grantedBytes;
        _release = release;
    }

    /// <summary>Where the file is.</summary>
    public string Path { get; }

    /// <summary>The most bytes it may grow to, as counted against the temporary folder's disk.</summary>
    public long GrantedBytes { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        _release?.Invoke();
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
