using System.Runtime.InteropServices;

namespace Conduit.Engine.Outputs;

/// <summary>The two POSIX calls .NET does not expose: hard links (to keep an old output reachable while its new version
/// takes its name) and <c>realpath</c> (to compare paths after resolving links and <c>..</c>).</summary>
internal static partial class UnixFiles
{
    /// <summary>Makes <paramref name="link"/> a second name of <paramref name="existing"/>; false where the file system
    /// has no hard links (or on Windows).</summary>
    public static bool TryHardLink(string existing, string link) =>
        !OperatingSystem.IsWindows() && LinkNative(existing, link) == 0;

    /// <summary>The path with every link and <c>.</c>/<c>..</c> resolved, for a path that exists; the full path
    /// otherwise.</summary>
    public static string Canonical(string path)
    {
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows())
        {
            return full;
        }

        var resolved = RealPathNative(full, IntPtr.Zero);
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

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LinkNative(string existing, string link);

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPathNative(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
