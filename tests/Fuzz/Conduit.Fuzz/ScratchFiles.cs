using System.Diagnostics;
using System.Globalization;

namespace Conduit.Fuzz;

/// <summary>For parsers that read a path: each input is written to one file per name in a folder of this process,
/// overwritten by the next input. A replay removes its folder when done; folders of processes that have ended (a
/// fuzzing run's, killed by AFL++) are removed by the next process that starts.</summary>
internal static class ScratchFiles
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "conduit-fuzz");

    private static readonly Lazy<string> Folder = new(() =>
    {
        RemoveLeftovers();
        return System.IO.Directory.CreateDirectory(Path.Combine(Root, Environment.ProcessId.ToString(CultureInfo.InvariantCulture))).FullName;
    });

    /// <summary>The folder the scratch files are in.</summary>
    public static string Directory => Folder.Value;

    /// <summary>Writes <paramref name="input"/> to the scratch file <paramref name="name"/> and returns its path.</summary>
    public static string Write(string name, byte[] input)
    {
        var path = Path.Combine(Folder.Value, name);
        File.WriteAllBytes(path, input);
        return path;
    }

    /// <summary>Removes this process's folder.</summary>
    public static void Remove()
    {
        if (Folder.IsValueCreated)
        {
            System.IO.Directory.Delete(Folder.Value, recursive: true);
        }
    }

    private static void RemoveLeftovers()
    {
        if (!System.IO.Directory.Exists(Root))
        {
            return;
        }

        foreach (var folder in System.IO.Directory.EnumerateDirectories(Root))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !IsRunning(pid))
            {
                try
                {
                    System.IO.Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                    // Another process removing it at the same time.
                }
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
