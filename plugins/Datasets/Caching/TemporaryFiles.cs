using System.Diagnostics;
using System.Globalization;

namespace Conduit.Plugins.Datasets.Caching;

/// <summary>
/// Temporary files of this plugin (decompressed <c>.nii.gz</c> data): named <c>{pid}-{guid}.tmp</c> in one folder per
/// user (mode 0700), each
/// owned by a <see cref="TemporaryFile"/> that deletes it when disposed. Files left by a process that crashed (its pid no
/// longer runs) are deleted the first time the folder is used. <c>CONDUIT_DATASETS_TEMP</c> moves the folder.
/// </summary>
public static class TemporaryFiles
{
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");
    private static readonly Lock Gate = new();
    private static string? _folder;

    /// <summary>The folder the temporary files live in (created, and swept of leftovers, on first use).</summary>
    public static string Directory
    {
        get
        {
            lock (Gate)
            {
                // Not cached until it succeeds, so a transient failure does not stay for the life of the process.
                return _folder ??= Prepare();
            }
        }
    }

    /// <summary>Disk kept free beside temporary files, so that decompressing never fills the file system others use.</summary>
    public const long ReservedFreeBytes = 1L << 30;

    /// <summary>Refuses to write <paramref name="bytes"/> more into the temporary folder when that would leave less than
    /// <see cref="ReservedFreeBytes"/> free on its file system.</summary>
    /// <exception cref="DatasetDataException">Not enough free disk; names the file, the folder and both sizes.</exception>
    public static void RequireSpace(string forFile, long bytes)
    {
        var free = new DriveInfo(Directory).AvailableFreeSpace;
        if (bytes > free - ReservedFreeBytes)
        {
            throw new DatasetDataException(forFile, $"decompressing needs {Conduit.Abstractions.Memory.ByteSize.Format(bytes)} more in {Directory}, which has {Conduit.Abstractions.Memory.ByteSize.Format(Math.Max(0, free))} free (1 GiB is kept free); set CONDUIT_DATASETS_TEMP to a folder on a larger disk");
        }
    }

    /// <summary>Deletes the temporary files that killed processes left, if the folder exists (every host start calls
    /// this through the plugin, so a crash's leftovers go at the next command, whatever it does).</summary>
    public static void RemoveLeftovers()
    {
        var folder = Folder();
        if (System.IO.Directory.Exists(folder))
        {
            RemoveLeftovers(folder);
        }
    }

    /// <summary>Creates a new, empty temporary file owned by the caller.</summary>
    public static TemporaryFile Create() =>
        new(Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{Guid.NewGuid():N}.tmp")));

    /// <summary>The temporary files of this process that still exist (for tests and diagnostics).</summary>
    public static IReadOnlyList<string> OwnedByThisProcess() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, $"{Environment.ProcessId}-*.tmp")
            : [];

    /// <summary>Deletes the files of processes that no longer run; returns how many were deleted.</summary>
    public static int RemoveLeftovers(string folder)
    {
        var removed = 0;
        foreach (var file in System.IO.Directory.EnumerateFiles(folder, "*.tmp"))
        {
            // Only names this class makes: {pid}-{32 hex digits}.tmp.
            var name = Path.GetFileName(file);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && name.Length == dash + 1 + 32 + 4 && name.AsSpan(dash + 1, 32).IndexOfAnyExcept(HexDigits) < 0
                && int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !IsRunning(pid))
            {
                try
                {
                    File.Delete(file);
                    removed++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another process is cleaning up too, or the file is not ours to delete; it is tried again next time.
                }
            }
        }

        return removed;
    }

    private static string Prepare()
    {
        var folder = Folder();
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(folder);
        }
        else
        {
            System.IO.Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        RemoveLeftovers(folder);
        return folder;
    }

    // One folder per user, readable by that user only: decompressed images are the user's data.
    private static string Folder() =>
        Environment.GetEnvironmentVariable("CONDUIT_DATASETS_TEMP") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), $"conduit-datasets-{Environment.UserName}");

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
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
