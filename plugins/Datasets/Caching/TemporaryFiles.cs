using System.Diagnostics;
using System.Globalization;

namespace Conduit.Plugins.Datasets.Caching;

/// <summary>
/// Temporary files of this plugin (decompressed <c>.nii.gz</c> data): named <c>{pid}-{guid}.tmp</c> in one folder per
/// user (mode 0700), each
/// owned by a <see cref="TemporaryFile"/> that deletes it when disposed. Files left by a process that crashed (its pid no
/// longer runs) are deleted the first time the folder is used. <c>CONDUIT_DATASETS_TEMP</c> moves the folder.
/// Disk is a budget: every file is granted its final size before a byte is written, and the grants of all the files a
/// process holds together stay within <c>CONDUIT_DATASETS_TEMP_LIMIT</c> (a size such as <c>64 GiB</c>; no limit by
/// default) and, for what they have yet to write, within the file system's free space less 1 GiB, so that parallel
/// work items cannot each count the same free space.
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

    // The live files' grants and what each has yet to write (guarded by Gate).
    private static readonly Dictionary<TemporaryFile, long> Unwritten = [];

    /// <summary>The most disk all temporary files of this process may be granted together
    /// (<c>CONDUIT_DATASETS_TEMP_LIMIT</c>), or <see cref="long.MaxValue"/>.</summary>
    /// <exception cref="DatasetDataException">The variable is not a size.</exception>
    public static long LimitBytes =>
        Environment.GetEnvironmentVariable("CONDUIT_DATASETS_TEMP_LIMIT") is { Length: > 0 } text
            ? Conduit.Abstractions.Memory.ByteSize.TryParse(text, out var limit) ? limit.Bytes : throw new DatasetDataException($"CONDUIT_DATASETS_TEMP_LIMIT is \"{text}\", not a size such as \"64 GiB\"")
            : long.MaxValue;

    /// <summary>Checks that <paramref name="bytes"/> more would fit: within the limit beside what the live files were
    /// granted, and within the free space less <see cref="ReservedFreeBytes"/> beside what they have yet to write.</summary>
    /// <exception cref="DatasetDataException">It would not; names the file, the folder and the sizes.</exception>
    public static void RequireSpace(string forFile, long bytes)
    {
        lock (Gate)
        {
            Check(forFile, bytes, Unwritten.Sum(u => u.Value), Unwritten.Keys.Sum(f => f.GrantedBytes));
        }
    }

    /// <summary>Creates a new, empty temporary file granted <paramref name="bytes"/> of disk for
    /// <paramref name="forFile"/> (checked as <see cref="RequireSpace"/> does, and counted until it is disposed).</summary>
    public static TemporaryFile Create(string forFile, long bytes)
    {
        lock (Gate)
        {
            Check(forFile, bytes, Unwritten.Sum(u => u.Value), Unwritten.Keys.Sum(f => f.GrantedBytes));
            TemporaryFile? file = null;
            file = new TemporaryFile(
                Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{Guid.NewGuid():N}.tmp")),
                bytes,
                () =>
                {
                    lock (Gate)
                    {
                        Unwritten.Remove(file!);
                    }
                });
            Unwritten[file] = bytes;
            return file;
        }
    }

    /// <summary>Records that <paramref name="file"/> has <paramref name="left"/> bytes yet to write, and checks again
    /// that they still fit the free space beside the other files' (another process may have filled the disk).</summary>
    /// <exception cref="DatasetDataException">They no longer fit.</exception>
    public static void Progress(string forFile, TemporaryFile file, long left)
    {
        ArgumentNullException.ThrowIfNull(file);
        lock (Gate)
        {
            Unwritten[file] = left;
            Check(forFile, left, Unwritten.Where(u => u.Key != file).Sum(u => u.Value), 0);
        }
    }

    private static void Check(string forFile, long bytes, long othersUnwritten, long othersGranted)
    {
        var limit = LimitBytes;
        if (othersGranted + bytes > limit)
        {
            throw new DatasetDataException(forFile, $"decompressing needs {Format(bytes)} of temporary disk; this process's temporary files already hold {Format(othersGranted)} of the {Format(limit)} CONDUIT_DATASETS_TEMP_LIMIT allows");
        }

        var free = new DriveInfo(Directory).AvailableFreeSpace;
        if (othersUnwritten + bytes > free - ReservedFreeBytes)
        {
            var others = othersUnwritten > 0 ? $", of which other decompressions still need {Format(othersUnwritten)}" : string.Empty;
            throw new DatasetDataException(forFile, $"decompressing needs {Format(bytes)} more in {Directory}, which has {Format(Math.Max(0, free))} free{others} (1 GiB is kept free); set CONDUIT_DATASETS_TEMP to a folder on a larger disk");
        }
    }

    private static string Format(long bytes) => Conduit.Abstractions.Memory.ByteSize.Format(bytes);

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
