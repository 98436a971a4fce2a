using System.Diagnostics;
using System.Globalization;

namespace Conduit.Engine.Outputs;

/// <summary>
/// Removes the temporary files (<c>.name.{pid}-{id}.partial</c>, and the <c>.partial.previous</c> second names of old
/// outputs during a commit) that a crashed process left beside an output: those whose process no longer runs. Files of
/// running processes, this one included, are left alone.
/// </summary>
internal static class StalePartialFiles
{
    /// <summary>Deletes the stale temporary files of <paramref name="fileName"/> in <paramref name="directory"/>; returns how many.</summary>
    public static int Remove(string directory, string fileName)
    {
        var removed = 0;
        var prefix = $".{fileName}.";
        foreach (var path in Directory.EnumerateFiles(directory, $"{prefix}*.partial").Concat(Directory.EnumerateFiles(directory, $"{prefix}*.partial.previous")))
        {
            var middle = Path.GetFileName(path).AsSpan(prefix.Length);
            var dash = middle.IndexOf('-');
            if (dash <= 0 || !int.TryParse(middle[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || IsRunning(pid))
            {
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

        return removed;
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
