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

    /// <summary>
    /// Gives every completed file its final name, all or none: files that already exist under a final name are first
    /// moved aside, and if any rename fails, the renamed outputs are removed and the old files put back. A file that
    /// was never completed is deleted and reported.
    /// </summary>
    /// <returns>Final paths of the files that were never completed.</returns>
    /// <exception cref="IOException">A rename failed; nothing was committed.</exception>
    public IReadOnlyList<string> CommitAll()
    {
        var files = Files;
        var incomplete = files.Where(f => !f.IsComplete).Select(f => f.FinalPath).ToList();
        foreach (var file in files.Where(f => !f.IsComplete))
        {
            file.Discard();
        }

        var complete = files.Where(f => f.IsComplete).ToList();
        var moved = new List<(string Final, string Aside)>();
        var committed = new List<AtomicOutputFile>();
        try
        {
            foreach (var file in complete.Where(f => File.Exists(f.FinalPath)))
            {
                var aside = file.TemporaryPath + ".previous";
                File.Move(file.FinalPath, aside);
                moved.Add((file.FinalPath, aside));
            }

            foreach (var file in complete)
            {
                file.Commit();
                committed.Add(file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (var file in committed)
            {
                TryDelete(file.FinalPath);
            }

            foreach (var (final, aside) in moved)
            {
                File.Move(aside, final, overwrite: true);
            }

            throw;
        }

        foreach (var (_, aside) in moved)
        {
            TryDelete(aside);
        }

        return incomplete;
    }

    /// <summary>Deletes every temporary file, going on past failures.</summary>
    /// <returns>The files that could not be deleted, with the reason.</returns>
    public IReadOnlyList<string> DiscardAll()
    {
        var problems = new List<string>();
        foreach (var file in Files)
        {
            try
            {
                file.Discard();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{file.TemporaryPath}: {e.Message}");
            }
        }

        return problems;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort while undoing a failed commit; the original error is what the caller reports.
        }
    }
}
