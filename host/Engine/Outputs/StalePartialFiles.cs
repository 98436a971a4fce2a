using System.Diagnostics;
using System.Globalization;

namespace Conduit.Engine.Outputs;

/// <summary>
/// Removes the temporary files (<c>.name.{pid}-{id}.partial</c>, and the <c>.partial.previous</c> second names of old
/// outputs during a commit) that a crashed process left beside an output: those whose process no longer runs, checked
/// when that output is created. Files of running processes, this one included, are left alone. One instance serves one
/// job run: it lists a folder once and files its leftovers by output name (listing it for every output would be
/// quadratic for a million work items writing into one folder); leftovers of a process that dies later are the next
/// run's to remove.
/// </summary>
internal sealed class StalePartialFiles
{
    // Folder → output name → its leftover files found when the folder was listed.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Dictionary<string, List<string>>> _listed = new(StringComparer.Ordinal);

    /// <summary>Deletes the stale temporary files of <paramref name="fileName"/> in <paramref name="directory"/>; returns how many.</summary>
    public int Remove(string directory, string fileName)
    {
        var byName = _listed.GetOrAdd(Path.GetFullPath(directory), List);
        List<string>? paths;
        lock (byName)
        {
            if (!byName.Remove(fileName, out paths))
            {
                return 0;
            }
        }

        var removed = 0;
        var kept = new List<string>();
        foreach (var path in paths)
        {
            if (IsRunning(PidOf(path)))
            {
                kept.Add(path);
                continue;
            }

            try
            {
                File.Delete(path);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not ours to delete, or going away anyway: left for the next run.
            }
        }

        if (kept.Count > 0)
        {
            lock (byName)
            {
                byName[fileName] = kept;
            }
        }

        return removed;
    }

    // The folder's leftovers by output name: .{name}.{pid}-{id}.partial[.previous].
    private static Dictionary<string, List<string>> List(string directory)
    {
        var byName = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
        {
            return byName;
        }

        foreach (var path in Directory.EnumerateFiles(directory, ".*.partial*"))
        {
            var file = Path.GetFileName(path);
            var stem = file.EndsWith(".partial", StringComparison.Ordinal) ? file[..^".partial".Length]
                : file.EndsWith(".partial.previous", StringComparison.Ordinal) ? file[..^".partial.previous".Length]
                : null;
            var dot = stem?.LastIndexOf('.') ?? -1;
            if (stem is null || dot <= 1 || PidOf(path) <= 0)
            {
                continue;
            }

            var name = stem[1..dot];
            if (!byName.TryGetValue(name, out var paths))
            {
                byName[name] = paths = [];
            }

            paths.Add(path);
        }

        return byName;
    }

    // The pid in .{name}.{pid}-{id}.partial[.previous], or 0.
    private static int PidOf(string path)
    {
        var file = Path.GetFileName(path).AsSpan();
        var end = file.IndexOf(".partial", StringComparison.Ordinal);
        var stem = end > 0 ? file[..end] : file;
        var middle = stem[(stem.LastIndexOf('.') + 1)..];
        var dash = middle.IndexOf('-');
        return dash > 0 && int.TryParse(middle[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
