namespace Conduit.Engine.Outputs;

/// <summary>The outputs of one job run: committed together when the job succeeds, discarded otherwise.</summary>
public sealed class OutputFileSet
{
    private readonly List<AtomicOutputFile> _files = [];
    private readonly Lock _lock = new();

    /// <summary>Files created so far.</summary>
    public IReadOnlyList<AtomicOutputFile> Files
    {
        get
        {
            lock (_lock)
            {
                return [.. _files];
            }
        }
    }

    /// <summary>Creates an output under a temporary name.</summary>
    /// <exception cref="InvalidOperationException">Another output of this job has the same final path.</exception>
    public AtomicOutputFile Create(string finalPath)
    {
        var full = Path.GetFullPath(finalPath);
        lock (_lock)
        {
            if (_files.Any(f => string.Equals(f.FinalPath, full, StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"two outputs of this job would both be written to {full}");
            }

            var file = new AtomicOutputFile(full);
            _files.Add(file);
            return file;
        }
    }

    /// <summary>Renames every completed file; a file that was never completed is deleted and reported.</summary>
    /// <returns>Final paths of the files that were never completed.</returns>
    public IReadOnlyList<string> CommitAll()
    {
        var incomplete = new List<string>();
        foreach (var file in Files)
        {
            if (file.IsComplete)
            {
                file.Commit();
            }
            else
            {
                incomplete.Add(file.FinalPath);
                file.Discard();
            }
        }

        return incomplete;
    }

    /// <summary>Deletes every temporary file.</summary>
    public void DiscardAll()
    {
        foreach (var file in Files)
        {
            file.Discard();
        }
    }
}
