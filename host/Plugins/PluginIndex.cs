using System.Globalization;
using System.Text;
using Conduit.Abstractions.Plugins;

namespace Conduit.Host.Plugins;

/// <summary>
/// What each plugin folder registered the last time it was loaded (its stage types, or why it failed), keyed by a
/// fingerprint of the folder's files and of the host, so that a command can load only the plugins its job uses.
/// Loading a plugin costs its assemblies, their JIT and its registration; a job of one plugin should not pay for seven.
/// The index is a cache: kept in the user's cache folder, rebuilt for any folder whose files changed, and never
/// required (unreadable or unwritable, every plugin is loaded as before).
/// </summary>
internal sealed class PluginIndex
{
    private const string Header = "conduit-plugin-index 1";
    private readonly Dictionary<string, PluginIndexEntry> _entries = new(StringComparer.Ordinal);
    private readonly string? _file;
    private readonly string _hostKey;
    private bool _changed;

    private PluginIndex(string? file, string hostKey)
    {
        _file = file;
        _hostKey = hostKey;
    }

    /// <summary>
    /// Opens the index of this host: <c>CONDUIT_PLUGIN_INDEX</c> (a file, or <c>none</c> to keep no index), else
    /// <c>$XDG_CACHE_HOME/conduit/</c> (or <c>~/.cache/conduit/</c>) with one file per host folder.
    /// </summary>
    public static PluginIndex Open() => Open(Location());

    /// <summary>Opens the index kept in <paramref name="file"/> (null: none).</summary>
    public static PluginIndex Open(string? file)
    {
        var hostKey = string.Join(' ', typeof(PluginIndex).Assembly.ManifestModule.ModuleVersionId, typeof(IConduitPlugin).Assembly.ManifestModule.ModuleVersionId);
        var index = new PluginIndex(file, hostKey);
        if (file is not null)
        {
            index.Read(file);
        }

        return index;
    }

    /// <summary>A fingerprint of every file in a plugin folder: names, sizes and modification times.</summary>
    public static string Fingerprint(string pluginFolder)
    {
        var hash = 14695981039346656037UL;
        var files = new DirectoryInfo(pluginFolder).EnumerateFiles("*", SearchOption.AllDirectories)
            .Select(f => (Name: Path.GetRelativePath(pluginFolder, f.FullName), f.Length, f.LastWriteTimeUtc.Ticks))
            .OrderBy(f => f.Name, StringComparer.Ordinal);
        foreach (var (name, length, ticks) in files)
        {
            hash = Mix(hash, name);
            hash = Mix(hash, length);
            hash = Mix(hash, ticks);
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>The entry of <paramref name="pluginFolder"/> if it was recorded for the same files and host.</summary>
    public bool TryGet(string pluginFolder, string fingerprint, out PluginIndexEntry entry) =>
        _entries.TryGetValue(pluginFolder, out entry!) && entry.Fingerprint == fingerprint;

    /// <summary>Records what loading <paramref name="entry"/>'s folder gave.</summary>
    public void Set(PluginIndexEntry entry)
    {
        if (_entries.TryGetValue(entry.Folder, out var old) && old.Fingerprint == entry.Fingerprint && old.Failure == entry.Failure && old.StageTypes.SequenceEqual(entry.StageTypes))
        {
            return;
        }

        _entries[entry.Folder] = entry;
        _changed = true;
    }

    /// <summary>Writes the index if anything changed (to a temporary file renamed over the old one, so that processes
    /// starting at once never read half a file); a cache that cannot be written is skipped.</summary>
    public void SaveIfChanged()
    {
        if (!_changed || _file is null)
        {
            return;
        }

        var text = new StringBuilder().AppendLine(Header).Append("host\t").AppendLine(_hostKey).Append("folder\t").AppendLine(AppContext.BaseDirectory);
        foreach (var entry in _entries.Values.OrderBy(e => e.Folder, StringComparer.Ordinal))
        {
            text.Append("plugin\t").Append(entry.Folder).Append('\t').Append(entry.Fingerprint).Append('\t').AppendLine(entry.Failure?.ReplaceLineEndings(" "));
            foreach (var stage in entry.StageTypes)
            {
                text.Append("stage\t").AppendLine(stage);
            }
        }

        var temporary = $"{_file}.{Environment.ProcessId}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
            File.WriteAllText(temporary, text.ToString());
            File.Move(temporary, _file, overwrite: true);
            _changed = false;
            RemoveIndexesOfDeletedHosts(Path.GetDirectoryName(_file)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Deletes the indexes of hosts whose folder is gone (a removed clone, a test's temporary copy), so that
    /// the cache folder does not grow with every host that ever ran.</summary>
    private static void RemoveIndexesOfDeletedHosts(string cacheFolder)
    {
        foreach (var index in Directory.EnumerateFiles(cacheFolder, "plugin-index-*.txt"))
        {
            try
            {
                var folder = File.ReadLines(index).Skip(2).FirstOrDefault();
                if (folder is not null && folder.StartsWith("folder\t", StringComparison.Ordinal) && !Directory.Exists(folder["folder\t".Length..]))
                {
                    File.Delete(index);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another process is replacing it, or it is not ours to delete: leave it.
            }
        }
    }

    private static string? Location()
    {
        var configured = Environment.GetEnvironmentVariable("CONDUIT_PLUGIN_INDEX");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured == "none" ? null : Path.GetFullPath(configured);
        }

        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(home))
            {
                return null;
            }

            cache = Path.Combine(home, ".cache");
        }

        var hostFolder = Mix(14695981039346656037UL, AppContext.BaseDirectory).ToString("x16", CultureInfo.InvariantCulture);
        return Path.Combine(cache, "conduit", $"plugin-index-{hostFolder}.txt");
    }

    // FNV-1a: stable across processes, unlike string.GetHashCode.
    private static ulong Mix(ulong hash, string value)
    {
        foreach (var c in value)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (hash ^ 0xff) * 1099511628211UL;
    }

    private static ulong Mix(ulong hash, long value)
    {
        for (var i = 0; i < 8; i++, value >>= 8)
        {
            hash = (hash ^ (byte)value) * 1099511628211UL;
        }

        return hash;
    }

    private void Read(string file)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        // Another build of the host may register plugins differently: its index is not ours.
        if (lines.Length < 3 || lines[0] != Header || lines[1] != $"host\t{_hostKey}" || !lines[2].StartsWith("folder\t", StringComparison.Ordinal))
        {
            return;
        }

        var read = new List<(string Folder, string Fingerprint, string? Failure, List<string> Stages)>();
        foreach (var line in lines.Skip(3))
        {
            var fields = line.Split('\t');
            if (fields is ["plugin", var folder, var fingerprint, var failure])
            {
                read.Add((folder, fingerprint, failure.Length == 0 ? null : failure, []));
            }
            else if (fields is ["stage", var stage] && read.Count > 0)
            {
                read[^1].Stages.Add(stage);
            }
            else
            {
                return;
            }
        }

        foreach (var (folder, fingerprint, failure, stages) in read)
        {
            _entries[folder] = new PluginIndexEntry(folder, fingerprint, stages, failure);
        }
    }
}
