using System.Runtime.InteropServices;

namespace Conduit.Engine.Outputs;

/// <summary>The POSIX calls .NET does not expose: hard links (to keep an old output reachable while its new version
/// takes its name), <c>realpath</c> (to compare paths after resolving links and <c>..</c>), and Linux's
/// <c>sync_file_range</c> (to start writing an output to disk while it is still being written).</summary>
internal static partial class UnixFiles
{
    /// <summary>Makes <paramref name="link"/> a second name of <paramref name="existing"/>; false where the file system
    /// has no hard links (or on Windows).</summary>
    public static bool TryHardLink(string existing, string link)
    {
        try
        {
            return !OperatingSystem.IsWindows() && LinkNative(existing, link) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The path with every link and <c>.</c>/<c>..</c> resolved, for a path that exists; the full path
    /// otherwise.</summary>
    public static string Canonical(string path)
    {
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows())
        {
            return full;
        }

        IntPtr resolved;
        try
        {
            resolved = RealPathNative(full, IntPtr.Zero);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return full;
        }

        if (resolved == IntPtr.Zero)
        {
            return full;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved) ?? full;
        }
        finally
        {
            Free(resolved);
        }
    }

    /// <summary>The canonical form of a path that may not exist yet: its nearest existing folder resolved, the rest
    /// appended.</summary>
    public static string CanonicalForNew(string path)
    {
        var full = Path.GetFullPath(path);
        var rest = new Stack<string>();
        var current = full;
        while (!Path.Exists(current) && Path.GetDirectoryName(current) is { } parent)
        {
            rest.Push(Path.GetFileName(current));
            current = parent;
        }

        var result = Canonical(current);
        while (rest.Count > 0)
        {
            result = Path.Combine(result, rest.Pop());
        }

        return result;
    }

    /// <summary>What kind of file system object <paramref name="path"/> is, links followed: a regular file, or the
    /// reason it is not one (a device, a FIFO, a socket); null where it cannot be told (not Linux, or stat failed).</summary>
    public static string? NotRegularReason(string path)
    {
        // struct stat's st_mode: offset 24 on x86-64 (st_dev, st_ino, st_nlink before it), 16 on the generic layout
        // of arm64 and the others (st_nlink after it).
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var offset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 24 : 16;
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (StatNative(path, ref MemoryMarshal.GetReference(buffer)) != 0)
            {
                return null;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A C library without these symbols (not glibc 2.33 or later): the kind of file cannot be told.
            return null;
        }

        return (BitConverter.ToUInt32(buffer[offset..]) & 0xF000) switch
        {
            0x8000 or 0x4000 => null,
            0x2000 => "a character device",
            0x6000 => "a block device",
            0x1000 => "a FIFO (named pipe)",
            0xC000 => "a socket",
            _ => "not a regular file",
        };
    }

    /// <summary>Asks Linux to start writing <paramref name="file"/>'s dirty pages to disk without waiting for them, so
    /// that the flush that completes the file waits only for what was written last. Nothing elsewhere.</summary>
    public static void StartWriteback(Microsoft.Win32.SafeHandles.SafeFileHandle file)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            // Offset 0 and length 0: the whole file. SYNC_FILE_RANGE_WRITE (2) starts the write-out and returns.
            _ = SyncFileRangeNative(file, 0, 0, 2);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // The final flush writes it all, as without this call.
        }
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range")]
    private static partial int SyncFileRangeNative(Microsoft.Win32.SafeHandles.SafeFileHandle file, long offset, long count, uint flags);

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatNative(string path, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LinkNative(string existing, string link);

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPathNative(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
