namespace Conduit.Engine.Outputs;

/// <summary>The outputs of one job run: committed together when the job succeeds, discarded otherwise.</summary>
public sealed class OutputFileSet
{
    // Fault injection for the crash test (ADR 5): a pause after each rename widens the commit so that a kill lands
    // inside it. Never set in production.
    private static readonly int CommitPauseMilliseconds =
        int.TryParse(Environment.GetEnvironmentVariable("CONDUIT_FAULT_COMMIT_PAUSE_MS"), out var pause) ? pause : 0;

    private readonly List<AtomicOutputFile> _files = [];
    private readonly List<string> _canonical = [];
    private readonly StalePartialFiles _leftovers;
    private readonly Lock _lock = new();

    /// <summary>A set of outputs that lists each folder for leftovers of crashed runs on its own.</summary>
    public OutputFileSet()
        : this(new StalePartialFiles())
    {
    }

    // Sets of one process's job runs share a listing: a folder a million work items write into is listed once.
    internal OutputFileSet(StalePartialFiles leftovers) => _leftovers = leftovers;

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
        var canonical = UnixFiles.CanonicalForNew(full);
        lock (_lock)
        {
            if (_canonical.IndexOf(canonical) is var index and >= 0)
            {
                var other = _files[index].FinalPath;
                throw new InvalidOperationException(other == full
                    ? $"two outputs of this job would both be written to {full}"
                    : $"two outputs of this job would both be written to {canonical} (as {other} and as {full})");
            }

            var file = new AtomicOutputFile(full, _leftovers);
            _files.Add(file);
            _canonical.Add(canonical);
            return file;
        }
    }

    /// <summary>
    /// Gives every completed file its final name. Each rename replaces the old file atomically, so at every instant,
    /// a crash included, each output is either its old file or its new one (ADR 5). Before the renames, each old file
    /// gets a second name (a hard link, <c>….partial.previous</c>) so that, if a rename fails, the outputs already
    /// renamed get their old files back and nothing of this run is left; after them, those names are removed, and
    /// after a crash the next run that writes the output removes them. A file that was never completed is deleted and
    /// reported.
    /// </summary>
    /// <returns>Final paths of the files that were never completed.</returns>
    /// <exception cref="IOException">A rename failed; the outputs are as they were before the run.</exception>
    public IReadOnlyList<string> CommitAll()
    {
        var files = Files;
        var incomplete = files.Where(f => !f.IsComplete).Select(f => f.FinalPath).ToList();
        foreach (var file in files.Where(f => !f.IsComplete))
        {
            file.Discard();
        }

        var complete = files.Where(f => f.IsComplete).ToList();
        var kept = new Dictionary<AtomicOutputFile, string>();
        var committed = new List<AtomicOutputFile>();
        try
        {
            foreach (var file in complete.Where(f => File.Exists(f.FinalPath)))
            {
                var aside = file.TemporaryPath + ".previous";
                if (UnixFiles.TryHardLink(file.FinalPath, aside))
                {
                    kept[file] = aside;
                }
            }

            foreach (var file in complete)
            {
                file.Commit();
                committed.Add(file);
                if (CommitPauseMilliseconds > 0)
                {
                    Thread.Sleep(CommitPauseMilliseconds);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (var file in committed)
            {
                if (kept.TryGetValue(file, out var aside))
                {
                    File.Move(aside, file.FinalPath, overwrite: true);
                    kept.Remove(file);
                }
                else
                {
                    TryDelete(file.FinalPath);
                }
            }

            foreach (var aside in kept.Values)
            {
                TryDelete(aside);
            }

            foreach (var file in complete.Except(committed))
            {
                file.Discard();
            }

            throw;
        }

        foreach (var aside in kept.Values)
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
